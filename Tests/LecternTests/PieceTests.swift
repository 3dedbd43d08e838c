import Foundation
import Testing
@testable import Lectern

@Suite struct PieceTests {
    @Test func transcriptSplitsOutputByCell() {
        let m = "\u{1E}lectern:"
        let out = "\(m)start\n\(m)cell 0\nhello\nno newline\(m)display svg display-1.svg\n\(m)inline 0 \"0.5\"\n\(m)cell 1\nworld\n"
        let err = "\(m)cell 0\n\(m)cell 1\nwarn\n"
        let t = Transcript(stdout: out, stderr: err)
        #expect(t.started && !t.ended)
        #expect(t.stdout[0] == "hello\nno newline")
        #expect(t.stdout[1] == "world\n")
        #expect(t.stderr[1] == "warn\n")
        #expect(t.displays[0]?.first?.file == "display-1.svg")
        #expect(t.inlines[0] == "0.5")
        #expect(t.lastCell == 1)
    }

    @Test func crashReportFindsTheLectureLine() {
        let stderr = """
        partial output
        Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

        *** Signal 4: Backtracing from 0x7fa07896df7f... done ***
        Thread 0 "trap" crashed:
          3 [ra] 0x0000560465bbbf85 f(_:) + 52 in trap at lectures/demo.md:12:28
          4 [ra] 0x0000560465bbc0a6 main + 245 in trap at lectures/demo.md:13:7
        """
        let report = CrashReport(stderr: stderr, lecturePath: "lectures/demo.md")
        #expect(report.line == 12)
        #expect(report.message == "Fatal error: Index out of range")
        #expect(report.output == "partial output\n")
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
        let cache = Cache(directory: root.appendingPathComponent("cache"))
        func key(_ source: String, engine: Engine = engine) throws -> String {
            let lecture = try Lecture(source: source, path: "lectures/k.md")
            return try cache.key(for: lecture, program: Program(lecture: lecture), engine: engine, courseRoot: root)
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
        try "1,3".write(to: root.appendingPathComponent("lectures/data/in.csv"), atomically: true, encoding: .utf8)
        #expect(try key(base) != k)
        #expect(throws: LecternError.self) { try key(base.replacingOccurrences(of: "in.csv", with: "missing.csv")) }
    }
}
