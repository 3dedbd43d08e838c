import Foundation
import Testing
@testable import Lectern

/// Shards, the frozen folder, `cache:` settings and the remote's address
/// (issue 28). The stores against a real server are tested end to end by
/// `Tests/RemoteCache/remote_cache.py` (nginx with WebDAV), run by `make test`.
@Suite struct SharedResultsTests {
    static let paths = (1...7).map { "lectures/0\($0).md" }

    @Test func shardsCoverTheCourseOnceAndAgree() {
        let seconds = ["lectures/01.md": 60.0, "lectures/02.md": 5, "lectures/03.md": 30, "lectures/05.md": 31]
        for count in 1...5 {
            let parts = (1...count).map { Shard(index: $0, count: count).pick(Self.paths, seconds: seconds) }
            #expect(parts.flatMap { $0 }.sorted() == Self.paths, "every lecture is in exactly one of \(count) parts")
            let again = (1...count).map { Shard(index: $0, count: count).pick(Self.paths.reversed(), seconds: seconds) }
            #expect(parts.map { Set($0) } == again.map { Set($0) }, "the split does not depend on the order the lectures were named in")
        }
    }

    @Test func shardsBalanceByLastKnownTimes() {
        // 60 s alone in one part; 31 + 30 + the unknown lectures (median 30.5 s each) share the other.
        let seconds = ["lectures/01.md": 60.0, "lectures/02.md": 5, "lectures/03.md": 30, "lectures/05.md": 31]
        let first = Shard(index: 1, count: 2).pick(Self.paths, seconds: seconds)
        let second = Shard(index: 2, count: 2).pick(Self.paths, seconds: seconds)
        func load(_ part: [String]) -> Double { part.reduce(0) { $0 + (seconds[$1] ?? 30.5) } }
        #expect(first.first == "lectures/01.md")
        #expect(abs(load(first) - load(second)) <= 31, "the parts differ by at most one lecture's time: \(load(first)) vs \(load(second))")
        // With no times known, the lectures are dealt out by path.
        #expect(Shard(index: 1, count: 3).pick(Self.paths, seconds: [:]) == ["lectures/01.md", "lectures/04.md", "lectures/07.md"])
    }

    @Test func aBuildStartsTheLongestLecturesFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let course = try Course(root: root)
        let paths = ["lectures/01.md", "lectures/02.md", "lectures/03.md", "lectures/04.md"]
        // No times known and no files: the order of the paths.
        #expect(CourseBuild(course: course, jobs: 2).startOrder(paths) == [0, 1, 2, 3])
        // No times known: the most code that runs first (ties by path). Prose,
        // and a cell that does not run, weigh nothing: 02 has the largest file.
        let prose = String(repeating: "Words words words. ", count: 200)
        func cell(_ bytes: Int, eval: Bool = true) -> String {
            "```swift\n" + (eval ? "" : "//| eval: false\n") + "let s = \"" + String(repeating: "x", count: bytes) + "\"\n```\n\n"
        }
        let sources = ["# One\n\n" + cell(300),
                       "# Two\n\n" + prose + cell(100) + cell(5000, eval: false),
                       "# Three\n\n" + cell(400) + cell(500),
                       "# Four\n\n" + cell(300)]
        for (path, text) in zip(paths, sources) {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        #expect(CourseBuild(course: course, jobs: 2).startOrder(paths) == [2, 0, 3, 1])
        Timings(seconds: ["lectures/01.md": 4, "lectures/02.md": 80, "lectures/04.md": 60]).save(state: course.stateDirectory, remote: nil)
        // 02 (80 s); 03 (unknown: the median of the known, 60 s) and 04 (60 s), by path; then 01.
        #expect(CourseBuild(course: course, jobs: 2).startOrder(paths) == [1, 2, 3, 0])
        // One thread: the order of the paths, whatever the times.
        #expect(CourseBuild(course: course, jobs: 1).startOrder(paths) == [0, 1, 2, 3])
        #expect(Timings(seconds: ["b": 2, "a": 2, "c": 3]).longestFirst(["a", "b", "c", "a"]).map(\.path) == ["c", "a", "b"])
    }

    @Test func aShardIsWrittenKSlashN() throws {
        #expect(try Shard.parse("2/4") == Shard(index: 2, count: 4))
        for bad in ["0/2", "3/2", "2", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            #expect(throws: LecternError.self, "'\(bad)' is not a shard") { try Shard.parse(bad) }
        }
    }

    @Test func cacheSettingsAreReadAndCheckedAtTheirLine() throws {
        let config = try CourseConfig.parse("""
        title: T
        cache:
          url: https://cache.example.org/course
          remote: read
          timeout: 2.5
          size: 500 MB
        """, file: "lectern.yml")
        #expect(config.cache.url == "https://cache.example.org/course")
        #expect(config.cache.remote == .read)
        #expect(config.cache.timeout == 2.5)
        #expect(config.cache.size == 500_000_000)
        #expect(CourseConfig().cache.size == CacheSettings.defaultSize)

        func problem(_ yaml: String) -> LecternError? {
            do { _ = try CourseConfig.parse(yaml, file: "lectern.yml"); return nil } catch let error as LecternError { return error } catch { return nil }
        }
        let credentials = problem("cache:\n  url: https://me:secret@cache.example.org/\n")
        #expect(credentials?.line == 2 && credentials?.message.contains("LECTERN_CACHE_TOKEN") == true, "credentials belong in the environment")
        #expect(problem("cache:\n  url: ftp://cache.example.org/\n")?.message.contains("http://") == true)
        #expect(problem("cache:\n  remote: write\n")?.message.contains("read-write") == true)
        #expect(problem("cache:\n  timout: 3\n")?.message.contains("did you mean 'timeout'") == true)
        #expect(problem("cache:\n  size: lots\n")?.line == 2)
        #expect(problem("cache: yes\n")?.message.contains("mapping") == true)
    }

    @Test func theRemoteComesFromTheFlagTheEnvironmentOrTheCourse() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-remote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "cache:\n  url: http://127.0.0.1:9/from-yml\n  remote: read\n".write(to: root.appendingPathComponent("lectern.yml"), atomically: true, encoding: .utf8)
        let course = try Course(root: root)
        let fromFile = try #require(try RemoteCache.configured(for: course, url: nil, mode: nil, environment: [:]))
        #expect(fromFile.base.path == "/from-yml" && fromFile.mode == .read)
        let fromEnvironment = try #require(try RemoteCache.configured(for: course, url: nil, mode: nil,
                                                                       environment: ["LECTERN_CACHE_URL": "http://127.0.0.1:9/env", "LECTERN_REMOTE_CACHE": "read-write"]))
        #expect(fromEnvironment.base.path == "/env" && fromEnvironment.mode == .readWrite)
        let fromFlag = try #require(try RemoteCache.configured(for: course, url: "http://127.0.0.1:9/flag", mode: .read,
                                                               environment: ["LECTERN_CACHE_URL": "http://127.0.0.1:9/env"]))
        #expect(fromFlag.base.path == "/flag" && fromFlag.mode == .read)
        #expect(try RemoteCache.configured(for: course, url: nil, mode: .off, environment: [:]) == nil)
        #expect(throws: LecternError.self) { try RemoteCache.configured(for: course, url: nil, mode: nil, environment: ["LECTERN_REMOTE_CACHE": "sometimes"]) }
    }

    @Test func freezeIsALectureOptionUnderExecute() throws {
        let auto = try Lecture(source: "---\ntitle: T\nexecute:\n  freeze: auto\n---\n\n```swift\nprint(1)\n```\n", path: "lectures/a.md")
        #expect(auto.freeze == .auto)
        var course = CourseConfig()
        course.execute = try OptionValues.execute(try #require(try YAMLText.compose("freeze: true", file: "lectern.yml", firstLine: 1, what: "x")), file: "lectern.yml", firstLine: 1)
        #expect(try Lecture(source: "# T\n", path: "lectures/b.md", course: course).freeze == .always)
        #expect(try Lecture(source: "# T\n", path: "lectures/c.md").freeze == .never)
        #expect(throws: LecternError.self, "freeze is not a cell option") {
            try Lecture(source: "```swift\n//| freeze: auto\nprint(1)\n```\n", path: "lectures/d.md")
        }
        #expect(throws: LecternError.self, "freeze takes auto, true or false") {
            try Lecture(source: "---\nexecute:\n  freeze: sometimes\n---\n", path: "lectures/e.md")
        }
        // The cells' cache signature does not carry freeze: freezing changes no result.
        let plain = try Lecture(source: "```swift\nprint(1)\n```\n", path: "lectures/a.md")
        #expect(plain.cells.map(\.settings.signature) == auto.cells.map(\.settings.signature))
        #expect(plain.signature == auto.signature)
    }

    @Test func theFrozenFolderKeepsAnEntryPerLectureAndPrunesTheGone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-frozen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let frozen = Frozen(courseRoot: root)
        var cell = CellResult()
        cell.outputs = [.stdout("1\n")]
        let entry = Cache.Entry(result: LectureResult(cells: [cell], inlines: []), figures: [:])
        try frozen.store(entry, path: "lectures/a.md", digest: "d1")
        try frozen.store(entry, path: "lectures/sub/b.md", digest: "d2")
        guard case .fresh(let found) = frozen.lookup("lectures/a.md", digest: "d1") else { Issue.record("a fresh entry"); return }
        #expect(found.result == entry.result)
        guard case .stale = frozen.lookup("lectures/a.md", digest: "other") else { Issue.record("a stale entry"); return }
        guard case .none = frozen.lookup("lectures/c.md", digest: "d1") else { Issue.record("no entry"); return }
        // A frozen key edited by hand no longer matches its manifest: no entry.
        try "d9".write(to: frozen.directory.appendingPathComponent("lectures/a/frozen-key"), atomically: true, encoding: .utf8)
        guard case .none = frozen.lookup("lectures/a.md", digest: "d9") else { Issue.record("an altered entry is none"); return }
        #expect(frozen.prune(keeping: ["lectures/a.md"]) == ["lectures/sub/b.md"])
        #expect(!FileManager.default.fileExists(atPath: frozen.directory.appendingPathComponent("lectures/sub/b").path))
    }

    @Test func theLocalStoreIsPrunedLeastRecentlyUsedFirst() throws {
        let (cache, displays, result) = try CacheTests.setUp()
        defer { try? FileManager.default.removeItem(at: displays.deletingLastPathComponent()) }
        for key in ["old", "mid", "new"] {
            try cache.store(result, displays: displays, key: key)
            utimes(cache.directory.appendingPathComponent(key).path, nil)
            usleep(20_000)
        }
        _ = cache.lookup("old")  // a use makes it the most recent
        let size = CourseState.size(of: cache.directory.appendingPathComponent("mid"))
        let removed = cache.prune(budget: 2 * size)
        #expect(removed.entries == 1)
        #expect(cache.lookup("mid") == nil && cache.lookup("old") != nil && cache.lookup("new") != nil)
    }

    @Test func timingsKeepTheRunsThatMadeTheResults() {
        var result = LectureResult(cells: [], inlines: [])
        result.compileSeconds = 1.234
        result.runSeconds = 2
        var timedOut = result
        timedOut.notCached = "timeout"
        let timings = Timings(seconds: ["lectures/old.md": 9]).updated(with: ["lectures/a.md": result, "lectures/b.md": timedOut])
        #expect(timings.seconds == ["lectures/old.md": 9, "lectures/a.md": 3.23])
    }
}

/// A handout is the same bytes on every machine: its dates stamped, its links relative.
@Suite struct HandoutBytesTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << /CreationDate (D:20261204024218+00'00')\n/ModDate (D:20261204024219+00'00') >>\n2 0 obj << /URI (file:///build/site/b/x.html#sec-a) >>\n3 0 obj << /URI (https://example.org/) >>\nxref\n".utf8)

    @Test func datesAreStampedInPlace() {
        let stamped = PDFPrinter.stamped(Self.pdf, environment: [:])
        #expect(stamped.count == Self.pdf.count, "offsets hold")
        let text = String(decoding: stamped, as: UTF8.self)
        #expect(text.contains("/CreationDate (D:19800101000000+00'00')") && text.contains("/ModDate (D:19800101000000+00'00')"))
        let epoch = String(decoding: PDFPrinter.stamped(Self.pdf, environment: ["SOURCE_DATE_EPOCH": "1700000000"]), as: UTF8.self)
        #expect(epoch.contains("(D:20231114221320+00'00')"), "SOURCE_DATE_EPOCH is honoured")
    }

    @Test func linksIntoTheSiteBecomeRelativeInPlace() {
        let fixed = PDFPrinter.relativeLinks(Self.pdf, root: "file:///build/site/", page: "a/intro.html")
        #expect(fixed.count == Self.pdf.count, "offsets hold")
        let text = String(decoding: fixed, as: UTF8.self)
        #expect(text.contains("/URI (../b/x.html#sec-a)"))
        #expect(!text.contains("file:///build"))
        #expect(text.contains("/URI (https://example.org/)"), "other links are left alone")
        let top = String(decoding: PDFPrinter.relativeLinks(Self.pdf, root: "file:///build/site/", page: "intro.html"), as: UTF8.self)
        #expect(top.contains("/URI (b/x.html#sec-a)"))
    }
}
