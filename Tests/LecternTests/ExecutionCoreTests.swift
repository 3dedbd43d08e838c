import Foundation
import Synchronization
import Testing
@testable import Lectern

/// The execution core against hostile and careless cells, end to end: each
/// test builds a fixture lecture from `Fixtures/core/` for real and checks the
/// results, the page, and that no process of the lecture is left running.
@Suite(.serialized) struct ExecutionCoreTests {
    /// A fresh course with the named `core/` fixtures (and their data files) under `lectures/`.
    static func course(_ names: [String], data: [String] = []) throws -> Course {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-core-\(UUID().uuidString)")
        let lectures = root.appendingPathComponent("lectures")
        try FileManager.default.createDirectory(at: lectures, withIntermediateDirectories: true)
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("core")
        for name in names.map({ "\($0).md" }) + data {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: lectures.appendingPathComponent(name))
        }
        return try Course(root: root)
    }

    static func build(_ course: Course, _ name: String, useCache: Bool = true) -> LectureOutcome {
        CourseBuild(course: course, jobs: 1, useCache: useCache).build(["lectures/\(name).md"])[0]
    }

    static func page(_ course: Course, _ outcome: LectureOutcome) throws -> String {
        let output = course.root.appendingPathComponent("output")
        _ = try Site(course: course, output: output).write([outcome], lectures: [outcome.path])
        return try String(contentsOf: output.appendingPathComponent(SitePath.page(for: outcome.path)), encoding: .utf8)
    }

    /// Processes working in or started from the course folder: a lecture
    /// program, or anything its cells started (they inherit its folder).
    static func processes(under root: URL) -> [String] {
        let prefix = root.resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil else { return nil }
            for link in ["cwd", "exe"] {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/\(link)"),
                   target.hasPrefix(prefix) {
                    let command = (try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) ?? ""
                    return "\(entry): \(command.replacingOccurrences(of: "\0", with: " "))"
                }
            }
            return nil
        }
    }

    /// Waits (up to `seconds`) until `condition` holds; whether it did.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// The library layout (issue 31's linear compile) runs a lecture as the
    /// script layout does: globals initialised in the cells' order, a list
    /// of closures each its own (Swift gives the second entry the first's
    /// closure in one file-scope declaration), a throwing initialiser
    /// stopping the program at its cell.
    @Test func theLibraryLayoutRunsCellsAsTheScriptLayoutDoes() throws {
        let course = try Self.course([])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let source = """
        ---
        title: Layout
        ---

        ```swift
        var log: [String] = []
        let a = { log.append("a"); return [3.0, 1.0, 2.0] }()
        log.append("between")
        let last = [a].map { $0.last! }, least = [a].map { $0.min()! }
        func half(_ x: Double) throws -> Double { x / 2 }
        let h = try half(3)
        ```

        ```swift
        print(log, last, least, h)
        ```

        ```swift
        struct Failure: Error {}
        func fail() throws -> Int { throw Failure() }
        print("before")
        let broken = try fail()
        ```

        ```swift
        print("not reached")
        ```
        """
        try source.write(to: course.root.appendingPathComponent("lectures/layout.md"), atomically: true, encoding: .utf8)
        #expect(Program(lecture: try Lecture(source: source, path: "lectures/layout.md")).library != nil)
        let result = try #require(Self.build(course, "layout", useCache: false).result)
        #expect(result.cells[1].stdout == "[\"a\", \"between\"] [2] [1] 1.5\n")
        #expect(result.cells[2].stdout == "before\n")
        #expect(result.cells[2].failure?.message.contains("Error raised at top level: Failure()") == true, "\(String(describing: result.cells[2].failure))")
        #expect(result.cells[3].failure?.kind == .notRun)
    }

    @Test func printedMarkersAndEventsAreJustText() throws {
        let course = try Self.course(["forge"], data: ["forge-data.txt"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "forge")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let result = try #require(outcome.result)
        let printed = result.cells[0].stdout
        #expect(printed.contains("\u{1E}lectern:cell 2\n\u{1E}lectern:inline 0 \"fake\"\n\u{1E}lectern:display svg ../../../../etc/hostname\n"))
        #expect(printed.contains("{\"end\":{}}\n"))
        #expect(printed.hasSuffix("lectern:end\n\u{1E}lectern:display svg /etc/hostname\n"), "the data file is printed as it is")
        #expect(result.cells[0].displays.isEmpty)
        #expect(result.cells[1].stdout == "second cell ran\n")
        #expect(result.inlines == ["42"])
        let html = try Self.page(course, outcome)
        #expect(html.contains("<span class=\"inline-value\">42</span>"))
        #expect(!FileManager.default.fileExists(atPath: course.root.appendingPathComponent("output/figures").path))
    }

    @Test func outputKeepsTheOrderItHappenedIn() throws {
        let course = try Self.course(["order"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "order")
        let result = try #require(outcome.result)
        #expect(result.cells[0].outputs == [
            .stdout("one\n"), .display(.table(TableData(columns: ["a"], rows: [["1"]]))), .stdout("two\n"),
            .stderr("three\n"), .display(.text("four")), .stdout("five\n"),
        ])
        let html = try Self.page(course, outcome)
        let marks = ["<pre class=\"output stdout\">one</pre>", "<table", "<pre class=\"output stdout\">two</pre>",
                     "<pre class=\"output stderr\" title=\"standard error\">three</pre>", "<pre class=\"output display\">four</pre>",
                     "<pre class=\"output stdout\">five</pre>"]
        let positions = marks.map { html.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(positions)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func runawayProcessesEndWithTheirLecture() throws {
        let course = try Self.course(["runaway"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "runaway")
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout == "started three\n")
        #expect(result.cells[1].failure?.kind == .timeout)
        #expect(result.cells[1].failure?.expected == false)
        #expect(result.cells[2].failure?.kind == .notRun)
        #expect(result.runSeconds < 30, "the lecture's 4 s timeout holds for an error: true cell")
        #expect(Self.processes(under: course.root).isEmpty, "\(Self.processes(under: course.root))")
        #expect(Self.noScratchLeft(course))
    }

    @Test func childrenLeftRunningEndWithTheLecture() throws {
        let course = try Self.course(["leftovers"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "leftovers")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.result?.cells[0].stdout == "the lecture ends with children running\n")
        #expect(Self.processes(under: course.root).isEmpty, "\(Self.processes(under: course.root))")
    }

    @Test func outputIsBoundedAndTheCutIsShown() throws {
        let course = try Self.course(["flood"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "flood")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout.utf8.count == 1_000_000)
        #expect(result.cells[0].outputs.last == .truncated(199_000_000))
        #expect(result.cells[1].outputs == [.stdout("0123456789"), .truncated(57)], "7 of 17 printed bytes and the 50 shown")
        let html = try Self.page(course, outcome)
        #expect(html.utf8.count < 2_000_000)
        #expect(html.contains("output truncated: 199000000 bytes not shown"))
        let entry = try #require(outcome.entry)
        let stored = try FileManager.default.attributesOfItem(atPath: entry.appendingPathComponent("result.json").path)[.size] as? Int
        #expect((stored ?? .max) < 2_000_000, "the cache entry is bounded too")
    }

    @Test func aCompileErrorStaysInItsCell() throws {
        let course = try Self.course(["isolation"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "isolation")
        let result = try #require(outcome.result)
        #expect(outcome.errors.map(\.location) == ["lectures/isolation.md:22:19"])
        #expect(result.cells[0].stdout == "cell one: 20\n")
        #expect(result.cells[1].failure?.kind == .compile)
        #expect(result.cells[1].failure?.expected == true, "a compile error in an error: true cell is expected")
        #expect(result.cells[1].failure?.message.contains("cannot convert value of type 'Int' to specified type 'String'") == true)
        #expect(result.cells[2].stdout == "cell three\n")
        #expect(result.cells[3].failure?.kind == .compile)
        #expect(result.cells[4].failure?.kind == .notRun)
        #expect(result.cells[4].failure?.message == "not run: the cell at line 22 failed to compile")
        #expect(result.inlines == ["40", nil])
        let html = try Self.page(course, outcome)
        #expect(html.contains("cell one: 20"))
        #expect(html.contains("<span class=\"inline-value\">40</span>"))
        #expect(html.contains("Compile error <code>lectures/isolation.md:22:19</code>"))
        #expect(html.contains("This lecture did not build cleanly."))

        // A prose edit moves the cells: the cached failure follows its cell.
        let file = course.root.appendingPathComponent("lectures/isolation.md")
        let source = try String(contentsOf: file, encoding: .utf8)
        try source.replacingOccurrences(of: "Above:", with: "Three\n\nnew lines. Above:").write(to: file, atomically: true, encoding: .utf8)
        let again = Self.build(course, "isolation")
        #expect(again.cached)
        #expect(again.errors.map(\.location) == ["lectures/isolation.md:24:19"])
    }

    @Test func unexpectedSuccessAndExitAreNamed() throws {
        let course = try Self.course(["ends"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "ends")
        let result = try #require(outcome.result)
        #expect(result.cells[0].failure?.kind == .unexpectedSuccess)
        #expect(result.cells[0].failure?.message.hasPrefix("expected this cell to fail") == true)
        #expect(result.cells[1].stdout == "before exit\n")
        #expect(result.cells[1].failure?.message.hasPrefix("the program exited with status 3 in this cell") == true)
        #expect(result.cells[2].failure?.kind == .notRun)
        #expect(outcome.errors.map(\.location) == ["lectures/ends.md:2", "lectures/ends.md:7"])
    }

    @Test func aFailingShowFailsItsCellAtItsLine() throws {
        let course = try Self.course(["bad-show"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, "bad-show")
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout == "showing\n")
        #expect(result.cells[0].failure?.kind == .crash)
        // Once in CI (two cores, the fork stress test alongside) the message was not the fatal error's: say what it was.
        #expect(result.cells[0].failure?.message.hasPrefix("Fatal error: show:") == true,
                "message: \(result.cells[0].failure?.message ?? "none"); stderr: \(result.cells[0].outputs)")
        #expect(outcome.errors.map(\.location) == ["lectures/bad-show.md:6"])
    }

    @Test func aTrapAtTheCourseRootNamesTheTrappingLine() throws {
        let course = try Self.course([])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("trap.md"), to: course.root.appendingPathComponent("trap.md"))
        let outcome = CourseBuild(course: course, jobs: 1).build(["trap.md"])[0]
        #expect(outcome.errors.map(\.location) == ["trap.md:12"])
    }

    // MARK: The command line, stopped from outside

    /// The `lectern` of this build, beside the test bundle.
    static var lectern: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("lectern")
    }

    /// Starts `lectern ARGUMENTS` in `course`, collecting its stdout and stderr.
    final class Collected: Sendable {
        private let text = Mutex("")
        func add(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        func contains(_ s: String) -> Bool { text.withLock { $0.contains(s) } }
        var all: String { text.withLock { $0 } }
    }

    static func start(_ arguments: [String], in course: Course, executable: URL? = nil) throws -> (Process, Collected) {
        let process = Process()
        process.executableURL = executable ?? lectern
        process.arguments = arguments
        process.currentDirectoryURL = course.root
        let text = Collected()
        let out = Pipe(), err = Pipe()
        for pipe in [out, err] { pipe.fileHandleForReading.readabilityHandler = { handle in text.add(handle.availableData) } }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, text)
    }

    /// Whether `course` has no scratch folder left under `.lectern/work`.
    static func noScratchLeft(_ course: Course) -> Bool {
        let work = course.stateDirectory.appendingPathComponent("work")
        let left = FileManager.default.enumerator(atPath: work.path)?.allObjects as? [String] ?? []
        if !left.isEmpty { print("scratch left: \(left)") }
        return left.isEmpty
    }

    @Test func runStreamsAndCtrlCEndsEverything() throws {
        let course = try Self.course(["slow"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let (process, text) = try Self.start(["run", "lectures/slow.md"], in: course)
        // The second cell sleeps for two minutes: its first line shows while it runs.
        let streamed = Self.eventually(120) { text.contains("second cell starts") }
        #expect(streamed, "\(text.all)")
        #expect(text.contains("first cell done"))
        #expect(!Self.processes(under: course.root).isEmpty, "the lecture program is still running")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(Self.processes(under: course.root).isEmpty, "\(Self.processes(under: course.root))")
        #expect(Self.noScratchLeft(course))
    }

    @Test func killingLecternEndsItsLecturePrograms() throws {
        let course = try Self.course(["slow"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let (process, text) = try Self.start(["run", "lectures/slow.md"], in: course)
        #expect(Self.eventually(120) { text.contains("second cell starts") })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Nothing can run in Lectern now: the lecture program sees its lifeline close.
        #expect(Self.eventually(10) { Self.processes(under: course.root).isEmpty }, "\(Self.processes(under: course.root))")
        // The next build clears the scratch folder the killed one left.
        _ = CourseBuild(course: course, jobs: 1).build([])
        #expect(Self.noScratchLeft(course))
    }
}
