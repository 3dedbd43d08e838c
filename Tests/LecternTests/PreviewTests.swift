import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
@testable import Lectern

/// `lectern preview`: incremental runs that match a fresh render byte for
/// byte, reloads on change, bad edits that never end the server, cleanup.
@Suite(.serialized) struct PreviewTests {
    static let path = "lectures/incremental.md"

    static func course() throws -> Course {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures"), withIntermediateDirectories: true)
        let fixture = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("preview/incremental.md")
        try FileManager.default.copyItem(at: fixture, to: root.appendingPathComponent(path))
        return try Course(root: root)
    }

    /// `source` with `line` added as the last line of cell `index`.
    static func edit(_ source: String, cell index: Int, adding line: String) throws -> String {
        let lecture = try Lecture(source: source, path: path)
        var lines = source.components(separatedBy: "\n")
        lines.insert(line, at: lecture.cells[index].lastLine)
        return lines.joined(separator: "\n")
    }

    /// The page and figures a fresh `render --no-cache` of `source` gives.
    static func freshRender(_ source: String) throws -> [String: Data] {
        let course = try course()
        defer { try? FileManager.default.removeItem(at: course.root) }
        try source.write(to: course.root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        let outcomes = CourseBuild(course: course, jobs: 1, useCache: false).build([path])
        let output = course.root.appendingPathComponent("output")
        _ = try Site(course: course, output: output).write(outcomes, lectures: [path])
        return try files(in: output)
    }

    /// The page and figures of a site folder, by relative path.
    static func files(in site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        files["incremental.html"] = try Data(contentsOf: site.appendingPathComponent("incremental.html"))
        let figures = site.appendingPathComponent("figures/incremental")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: figures.path)) ?? [] {
            files["figures/incremental/\(name)"] = try Data(contentsOf: figures.appendingPathComponent(name))
        }
        return files
    }

    @Test func editingEachCellThroughItsCheckpointMatchesAFreshRender() throws {
        let course = try Self.course()
        defer { try? FileManager.default.removeItem(at: course.root) }
        let preview = Preview(course: course)
        preview.report = { _ in }
        defer { preview.stop() }
        preview.render([Self.path], because: "test")
        #expect(preview.outcome(Self.path)?.how?.hasPrefix("ran every cell, kept 5 checkpoints") == true, "\(preview.outcome(Self.path)?.how ?? "")")
        let file = course.root.appendingPathComponent(Self.path)
        let cells = try Lecture(source: try String(contentsOf: file, encoding: .utf8), path: Self.path).cells.count
        for index in (0..<cells).reversed() + [2] {
            let source = try Self.edit(try String(contentsOf: file, encoding: .utf8), cell: index,
                                       adding: "print(\"edited cell \(index + 1): \\(total)\")")
            try source.write(to: file, atomically: true, encoding: .utf8)
            preview.render([Self.path], because: "edit")
            let outcome = try #require(preview.outcome(Self.path))
            #expect(outcome.errors.isEmpty, "\(outcome.errors)")
            if index > 0 {
                #expect(outcome.how?.contains("from") == true && outcome.how?.contains("checkpoint") == true, "cell \(index + 1): \(outcome.how ?? "")")
            }
            let incremental = try Self.files(in: preview.site)
            let fresh = try Self.freshRender(source)
            #expect(incremental.keys.sorted() == fresh.keys.sorted())
            for (name, data) in fresh {
                #expect(incremental[name] == data, "cell \(index + 1): \(name) differs from a fresh render")
            }
        }
        preview.stop()
        #expect(ExecutionCoreTests.processes(under: course.root).isEmpty, "\(ExecutionCoreTests.processes(under: course.root))")
    }

    @Test func aChangeReloadsPagesAndABadEditNeverEndsTheServer() throws {
        let course = try Self.course()
        defer { try? FileManager.default.removeItem(at: course.root) }
        let preview = Preview(course: course)
        preview.report = { _ in }
        let url = try preview.start(host: "127.0.0.1", port: 0)
        let stop = Atomic<Bool>(false)
        let watching = DispatchSemaphore(value: 0)
        let handoff = Handoff(preview)
        Thread.detachNewThread {
            try? handoff.preview.watch(until: { stop.load(ordering: .relaxed) })
            watching.signal()
        }
        defer {
            stop.store(true, ordering: .relaxed)
            watching.wait()
            preview.stop()
        }
        let reloads = Counter()
        let messages = preview.reload.listen()
        let listening = Task { for await message in messages where message == "reload" { reloads.add() } }
        defer { listening.cancel() }
        #expect(ExecutionCoreTests.eventually(5) { preview.reload.count == 1 })

        // Served pages carry the reload script; the files on disk do not.
        let page = try Self.get(url.appendingPathComponent("incremental.html"))
        #expect(page.status == 200)
        #expect(page.body.contains("<script src=\"/__lectern/live.js\"></script>"))
        #expect(try !String(contentsOf: preview.site.appendingPathComponent("incremental.html"), encoding: .utf8).contains("live.js"))
        #expect(try Self.get(url.appendingPathComponent("__lectern/live.js")).body.contains("WebSocket"))
        #expect(try Self.get(url.appendingPathComponent("nothing-here.html")).status == 404)

        // A prose edit reloads the page with the new text.
        let file = course.root.appendingPathComponent(Self.path)
        let good = try String(contentsOf: file, encoding: .utf8)
        try good.replacingOccurrences(of: "First:", with: "Edited prose. First:").write(to: file, atomically: true, encoding: .utf8)
        #expect(ExecutionCoreTests.eventually(30) { reloads.value >= 1 })
        #expect(ExecutionCoreTests.eventually(5) { ((try? Self.get(url.appendingPathComponent("incremental.html")).body) ?? "").contains("Edited prose.") })

        // Broken front matter: the page says where, the server stays up.
        try good.replacingOccurrences(of: "title: \"Incremental\"", with: "title: [unclosed").write(to: file, atomically: true, encoding: .utf8)
        #expect(ExecutionCoreTests.eventually(30) { reloads.value >= 2 })
        let broken = try Self.get(url.appendingPathComponent("incremental.html")).body
        #expect(broken.contains("This lecture did not build cleanly."))
        #expect(broken.contains("lectures/incremental.md:3: error: the front matter is not valid YAML"))

        // A compile error: the cells above it still show.
        try good.replacingOccurrences(of: "total += 200", with: "total += \"200\"").write(to: file, atomically: true, encoding: .utf8)
        #expect(ExecutionCoreTests.eventually(60) { reloads.value >= 3 })
        let compileError = try Self.get(url.appendingPathComponent("incremental.html")).body
        #expect(compileError.contains("cell one: 55"))
        #expect(compileError.contains("Compile error <code>lectures/incremental.md:"))

        // The next good save recovers.
        try good.write(to: file, atomically: true, encoding: .utf8)
        #expect(ExecutionCoreTests.eventually(60) { reloads.value >= 4 })
        let recovered = try Self.get(url.appendingPathComponent("incremental.html")).body
        #expect(!recovered.contains("did not build cleanly"))
        #expect(recovered.contains("cell three: 255"))
    }

    @Test func pathsOutsideTheSiteAreRefused() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("figures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: site) }
        try "<html><body>i</body></html>".write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "<svg/>".write(to: site.appendingPathComponent("figures/a b.svg"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("escape.txt").path, withDestinationPath: "/etc/hostname")
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("up").path, withDestinationPath: "..")
        #expect(PreviewServer.resolve("/", in: site)?.lastPathComponent == "index.html")
        #expect(PreviewServer.resolve("/figures/a%20b.svg", in: site)?.lastPathComponent == "a b.svg")
        for path in ["/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/figures/../../x", "/./index.html",
                     "/escape.txt", "/up/etc/hostname", "/index.html%00.svg", "/..\\..\\etc\\passwd", "/missing.html"] {
            #expect(PreviewServer.resolve(path, in: site) == nil, "\(path)")
        }
        let response = PreviewServer.file("/index.html", in: site)
        #expect(response.statusCode == .ok)
    }

    @Test func ctrlCEndsThePreviewAndEveryProgramItKept() throws {
        let course = try Self.course()
        defer { try? FileManager.default.removeItem(at: course.root) }
        let process = Process()
        process.executableURL = ExecutionCoreTests.lectern
        process.arguments = ["preview", "--no-open", "--port", "0"]
        process.currentDirectoryURL = course.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let text = ExecutionCoreTests.Collected()
        err.fileHandleForReading.readabilityHandler = { text.add($0.availableData) }
        try process.run()
        #expect(ExecutionCoreTests.eventually(120) { text.contains("preview: http://127.0.0.1:") }, "\(text.all)")
        #expect(!ExecutionCoreTests.processes(under: course.root).isEmpty, "checkpoints are kept while the preview runs")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(ExecutionCoreTests.processes(under: course.root).isEmpty, "\(ExecutionCoreTests.processes(under: course.root))")
        let live = course.stateDirectory.appendingPathComponent("live")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: live.path)) ?? []).isEmpty)
    }

    // MARK: helpers

    /// The preview, handed to the thread that watches.
    final class Handoff: @unchecked Sendable {
        // Safe: the watching thread uses it until it signals `watching`; the
        // test touches only the Sendable `reload` meanwhile, and `preview`
        // itself again only after that signal.
        let preview: Preview
        init(_ preview: Preview) { self.preview = preview }
    }

    final class Counter: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    static func get(_ url: URL) throws -> (status: Int, body: String) {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<(Int, String)?>(nil)
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result.withLock { $0 = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "") }
            done.signal()
        }.resume()
        done.wait()
        let (status, body) = try #require(result.withLock { $0 })
        return (status, body)
    }
}
