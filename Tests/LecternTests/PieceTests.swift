import Foundation
import Testing
@testable import Lectern

@Suite struct PieceTests {
    static let twoCells = """
    Value `{swift} 1` before.

    ```swift
    print("a")
    ```

    After `{swift} 2`.

    ```swift
    //| error: true
    print("b")
    ```
    """

    static func transcript() throws -> Transcript {
        let lecture = try Lecture(source: twoCells, path: "lectures/t.md")
        return Transcript(lecture: lecture, order: Program.order(of: lecture)) { _ in "fig-1.svg" }
    }

    static let finished = ProcessRun.Outcome(ending: .exit(0), timedOut: false, seconds: 1)

    @Test func transcriptKeepsOrderPerCell() throws {
        var t = try Self.transcript()
        t.text(.stdout, Data("before any cell is dropped\n".utf8))
        for event: Event in [.start, .inline(index: 0, value: "1"), .cell(0)] { t.event(event) }
        t.text(.stdout, Data("hello\n".utf8))
        t.event(.display(cell: 0, .text("shown")))
        t.text(.stderr, Data("warn\n".utf8))
        t.text(.stdout, Data("more".utf8))
        t.text(.stdout, Data(" text\n".utf8))
        for event: Event in [.inline(index: 1, value: "2"), .cell(1), .expectedCellEnded(cell: 1, ending: .exit(0)), .end] { t.event(event) }
        #expect(t.violations.isEmpty)
        let result = t.result(Self.finished)
        #expect(result.cells[0].outputs == [.stdout("hello\n"), .display(.text("shown")), .stderr("warn\n"), .stdout("more text\n")])
        #expect(result.inlines == ["1", "2"])
        #expect(result.cells[1].failure?.kind == .unexpectedSuccess)
        #expect(result.errors.isEmpty)
    }

    @Test func eventsOutOfOrderAreRefused() throws {
        for events: [Event] in [
            [.start, .cell(1)],                                   // skips an inline and a cell
            [.start, .inline(index: 1, value: "fake")],           // a value from the wrong place
            [.start, .inline(index: 0, value: "1"), .cell(0), .display(cell: 1, .text("x"))],
            [.start, .inline(index: 0, value: "1"), .cell(0), .end],   // ends early
            [.start, .inline(index: 0, value: "1"), .cell(0), .thrown(cell: 0, message: "not an error cell")],
            [.cell(0)],                                           // before start
        ] {
            var t = try Self.transcript()
            for event in events { t.event(event) }
            #expect(!t.violations.isEmpty, "\(events)")
            #expect(t.result(Self.finished).failed, "\(events)")
        }
    }

    @Test func anEarlyExitIsTheCellsFailure() throws {
        var t = try Self.transcript()
        for event: Event in [.start, .inline(index: 0, value: "1"), .cell(0)] { t.event(event) }
        let result = t.result(ProcessRun.Outcome(ending: .exit(0), timedOut: false, seconds: 1))
        #expect(result.cells[0].failure?.message.contains("exited with status 0") == true)
        #expect(result.cells[1].failure?.kind == .notRun)
    }

    @Test func textIsBoundedPerCell() throws {
        let source = "```swift\n//| output-limit: 10\nprint(1)\n```\n"
        let lecture = try Lecture(source: source, path: "l.md")
        var t = Transcript(lecture: lecture, order: Program.order(of: lecture)) { _ in "" }
        t.event(.start)
        t.event(.cell(0))
        t.text(.stdout, Data("0123456".utf8))
        t.text(.stderr, Data("é89abc".utf8))   // é is two bytes: cut before a whole character only
        t.event(.end)
        let result = t.result(Self.finished)
        #expect(result.cells[0].outputs == [.stdout("0123456"), .stderr("é8"), .truncated(4)])
    }

    @Test func crashReportFindsTheLectureLine() {
        let stderr = """
        partial output
        Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

        *** Signal 4: Backtracing from 0x7fa07896df7f... done ***
        Thread 0 "trap" crashed:
          3 [ra] 0x0000560465bbbf85 f(_:) + 52 in trap at /tmp/work/lectures/demo.md:12:28
          4 [ra] 0x0000560465bbc0a6 main + 245 in trap at /tmp/work/lectures/demo.md:13:7
        """
        let report = CrashReport(stderr: stderr, lecturePath: "lectures/demo.md")
        #expect(report.line == 12)
        #expect(report.message == "Fatal error: Index out of range")
        #expect(String(stderr.utf8.prefix(report.cut))! == "partial output\n")
        // A lecture at the course root: the frame names it joined to the compile folder.
        let root = CrashReport(stderr: "*** Signal 4: x\n  3 main + 4 in lecture at /w/demo.md:7:2\n", lecturePath: "demo.md")
        #expect(root.line == 7)
        #expect(CrashReport(stderr: "*** Signal 4: x\n  3 main + 4 in lecture at /w/notdemo.md:7:2\n", lecturePath: "demo.md").line == nil)
        // A line of the runtime's own after the fatal error: the message is still found, and both lines are cut.
        let noisy = "kept\nlectures/demo.md:6: Fatal error: show: boom\nswift runtime: a note of its own\n\n*** Signal 4: x\n"
        let found = CrashReport(stderr: noisy, lecturePath: "lectures/demo.md")
        #expect(found.message == "Fatal error: show: boom" && found.line == 6)
        #expect(String(noisy.utf8.prefix(found.cut))! == "kept\n")
    }

    @Test func compilerErrorsAreParsed() {
        let (errors, _) = Compiler.parse("""
        lectures/x.md:14:9: error: cannot find 'y' in scope
        12 | let a = 1
           |         `- error: cannot find 'y' in scope
        lectures/x.md:15:1: warning: unused
        """)
        #expect(errors == [Diagnostic(file: "lectures/x.md", line: 14, column: 9, message: "cannot find 'y' in scope")])
    }

    @Test func highlighterEscapesAndColours() {
        let html = Highlighter.html("let s = \"<b>\" // note\nlet n = 1.5e-3 + x.count\n/* a /* nested */ c */ @MainActor")
        #expect(html.contains("<span class=\"kw\">let</span>"))
        #expect(html.contains("<span class=\"st\">&quot;&lt;b&gt;&quot;</span>"))
        #expect(html.contains("<span class=\"co\">// note</span>"))
        #expect(html.contains("<span class=\"nu\">1.5e-3</span>"))
        #expect(html.contains("<span class=\"co\">/* a /* nested */ c */</span>"))
        #expect(html.contains("<span class=\"at\">@MainActor</span>"))
        #expect(!html.contains("<b>"))
    }

    @Test func escapingCoversMarkup() {
        #expect(HTML.escape("<script>\"&'") == "&lt;script&gt;&quot;&amp;&#39;")
        #expect(HTML.slug("Part *two*: 2D fits!") == "part-two-2d-fits")
    }

    @Test func cacheKeyCoversWhatARunDependsOn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures/data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "1,2".write(to: root.appendingPathComponent("lectures/data/in.csv"), atomically: true, encoding: .utf8)
        let engine = Engine(directory: root, moduleMaps: [], swiftc: root, fingerprint: "engine-a")
        func key(_ source: String, engine: Engine = engine, in course: URL? = nil) throws -> String {
            let lecture = try Lecture(source: source, path: "lectures/k.md")
            let digest = try Cache.digest(of: lecture, program: Program(lecture: lecture), courseRoot: course ?? root)
            return Cache.key(content: digest, fingerprint: engine.fingerprint)
        }
        let base = "---\nseed: 1\ninputs: [data/in.csv]\n---\n\n```swift\nlet a = 1\n```\n"
        let k = try key(base)
        #expect(try key(base) == k)
        #expect(try key(base.replacingOccurrences(of: "\n\n```", with: "\n\nSome prose.\n\n```")) == k)
        #expect(try key(base.replacingOccurrences(of: "let a = 1", with: "let a = 2")) != k)
        #expect(try key(base.replacingOccurrences(of: "seed: 1", with: "seed: 2")) != k)
        #expect(try key(base.replacingOccurrences(of: "```swift\n", with: "```swift\n//| fig-width: 3\n")) != k)
        let captioned = try key(base.replacingOccurrences(of: "```swift\n", with: "```swift\n//| fig-cap: \"x\"\n"))
        #expect(try key(base.replacingOccurrences(of: "```swift\n", with: "```swift\n//| fig-cap: \"y\"\n")) == captioned,
                "a caption edit does not change what runs")
        #expect(try key(base, engine: Engine(directory: root, moduleMaps: [], swiftc: root, fingerprint: "engine-b")) != k)
        // The same course in another folder (another machine's checkout) has the same keys.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-key-copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: root, to: elsewhere)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        #expect(try key(base, in: elsewhere) == k, "no absolute path is in the key")
        try "1,3".write(to: root.appendingPathComponent("lectures/data/in.csv"), atomically: true, encoding: .utf8)
        #expect(try key(base) != k)
        #expect(throws: LecternError.self) { try key(base.replacingOccurrences(of: "in.csv", with: "missing.csv")) }
    }
}
