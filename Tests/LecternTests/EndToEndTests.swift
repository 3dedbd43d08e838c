import Foundation
import Synchronization
import Testing
@testable import Lectern

/// Builds fixture lectures for real: compiled against the engine of this
/// build (`swift build` first), run, cached and written as a site.
@Suite(.serialized) struct EndToEndTests {
    /// A fresh course folder holding the named fixtures under `lectures/`.
    static func course(_ names: [String]) throws -> Course {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-e2e-\(UUID().uuidString)")
        let lectures = root.appendingPathComponent("lectures")
        try FileManager.default.createDirectory(at: lectures, withIntermediateDirectories: true)
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        for name in names {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(name).md"), to: lectures.appendingPathComponent("\(name).md"))
        }
        return try Course(root: root)
    }

    static func build(_ course: Course, _ names: [String], jobs: Int = 1, useCache: Bool = true) -> [LectureOutcome] {
        CourseBuild(course: course, jobs: jobs, useCache: useCache).build(names.map { "lectures/\($0).md" })
    }

    static func page(_ course: Course, _ outcomes: [LectureOutcome], out: String = "output") throws -> URL {
        let output = course.root.appendingPathComponent(out)
        _ = try Site(course: course, output: output).write(outcomes, lectures: outcomes.map(\.path))
        return output
    }

    @Test func goodLectureRendersWithEscapedOutputs() throws {
        let course = try Self.course(["good"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, ["good"])[0]
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout.hasPrefix("posterior Beta(47, 7)\n"))
        #expect(result.cells[1].failure?.expected == true)
        #expect(result.cells[1].failure?.line(in: outcome.lecture!.cells[1]) == 28)
        #expect(result.cells[1].failure?.message == "Fatal error: Index out of range")
        #expect(result.cells[1].stdout == "about to fail\n")
        #expect(result.cells[2].stdout == "after the expected error: 95\n")
        #expect(result.inlines == ["0.8704"])

        let output = try Self.page(course, [outcome])
        let html = try String(contentsOf: output.appendingPathComponent("good.html"), encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<td>&lt;i&gt;k&lt;/i&gt;</td>"))
        #expect(html.contains("Figure 1</span>: A teal square &lt;b&gt;"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" role=\"img\" aria-label=\"A teal square &lt;b&gt;\"><rect fill=\"teal\" height=\"10\" width=\"10\"></rect></svg>"), "figures are inline")
        #expect(html.contains("<a class=\"xref\" href=\"#fig-square\">Figure\u{A0}1</a>"))
        #expect(html.contains("<span class=\"inline-value\">0.8704</span>"))
        #expect(html.contains("<annotation encoding=\"application/x-tex\">\\theta_1 \\sim \\mathrm{Beta}(a_1, b_1)</annotation>"), "math typeset at build time")
        #expect(!html.contains("print(&quot;after the expected error"), "echo: false hides the code")
        #expect(html.contains("Error (expected)"))
        #expect(!html.contains("did not build cleanly"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("figures").path), "figures ship once, inline")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/style.css").path))
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"./good.html\">A good lecture</a>"))
    }

    @Test func compileErrorNamesTheLectureLine() throws {
        let course = try Self.course(["compile-error", "good"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcomes = Self.build(course, ["compile-error", "good"], jobs: 2)
        let broken = outcomes[0]
        #expect(broken.failed)
        #expect(broken.errors.map(\.location) == ["lectures/compile-error.md:13:9"])
        #expect(broken.errors.first?.message.contains("cannot find 'undefinedName' in scope") == true)
        #expect(broken.result?.cells[1].failure?.kind == .compile)
        #expect(outcomes[1].errors.isEmpty, "one broken lecture does not stop the others")
        let output = try Self.page(course, outcomes)
        let html = try String(contentsOf: output.appendingPathComponent("compile-error.html"), encoding: .utf8)
        #expect(html.contains("Compile error <code>lectures/compile-error.md:13:9</code>"))
        #expect(html.contains("This lecture did not build cleanly."))
        let good = try String(contentsOf: output.appendingPathComponent("good.html"), encoding: .utf8)
        #expect(!good.contains("did not build cleanly"))
        #expect(good.contains("<nav class=\"toc\"") == false, "good.md has no h2/h3")
    }

    @Test func trapIsAttributedToItsCell() throws {
        let course = try Self.course(["trap"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, ["trap"])[0]
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout == "first cell runs\n")
        #expect(result.cells[1].stdout == "second cell starts\n")
        #expect(result.cells[1].failure?.kind == .crash)
        #expect(result.cells[1].failure?.line(in: outcome.lecture!.cells[1]) == 12)
        #expect(result.cells[1].failure?.message == "Fatal error: Index out of range")
        #expect(result.cells[2].failure?.kind == .notRun)
        #expect(result.cells[2].stdout.isEmpty)
        #expect(outcome.errors.map(\.location) == ["lectures/trap.md:12"])
    }

    /// An engine check that fails names what was wrong, on the cell's line,
    /// not "trap, signal 4" (the engine checks with `require`, which keeps its
    /// message in optimised builds, where `precondition` drops it).
    @Test func anEngineCheckSaysWhatWasWrong() throws {
        let course = try Self.course(["engine-check"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, ["engine-check"])[0]
        let result = try #require(outcome.result)
        #expect(result.cells[0].stdout == "before\n")
        #expect(result.cells[0].failure?.kind == .crash)
        #expect(result.cells[0].failure?.message == "Fatal error: Normal: the standard deviation σ must be positive, not -1.0 (Normal(μ, σ) takes σ, not σ²)")
        #expect(outcome.errors.map(\.location) == ["lectures/engine-check.md:7"])
    }

    @Test func aLectureWrittenAsANumPyUserWritesMatchesNumPyAndStatsmodels() throws {
        let course = try Self.course(["numpy-user"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let data = course.root.appendingPathComponent("lectures/data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("numpy-user.csv"), to: data.appendingPathComponent("xy.csv"))
        let outcome = Self.build(course, ["numpy-user"])[0]
        #expect(outcome.errors.map(\.location) == ["lectures/numpy-user.md:38"], "\(outcome.errors)")
        let result = try #require(outcome.result)
        // NumPy 2 and statsmodels 0.15 on the same file (Fixtures/numpy-user.csv), %.12g:
        // linspace(0, 1, 101)[37], len(arange(0, 10, 0.5)), its last value, y.std(), y.std(ddof=1),
        // cumsum(y)[-1], y.sum(), OLS intercept, slope, R², the slope's standard error.
        let expected = ["0.37", "20", "9.5", "2.33224982058", "2.38034250547", "132.872", "132.872",
                        "1.76904317919", "0.703823932864", "0.842652427886", "0.0634170297704"]
        #expect(result.cells[0].stdout.split(separator: "\n").map(String.init) == expected)
        let table = result.cells[0].displays.compactMap { if case .table(let t) = $0 { t } else { nil } }.first
        #expect(table?.columns == ["", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"])
        #expect(table?.rows.map(\.first) == ["Intercept", "x"])
        let figure = result.cells[0].displays.contains { if case .figure = $0 { true } else { false } }
        #expect(figure)
        // Element-wise arithmetic against NumPy (%.10g): (2x+1).sum(), the residuals' sum of squares,
        // np.exp(-x**2/2).sum(), np.sqrt(np.abs(y-y.mean())).sum(), np.log(y).sum(), (1/x).sum(),
        // (x/y).sum(), (-x+y*x-3).sum(), len(np.concatenate([x, t])), and x after += 1, *= 2, -= x, /= 2.
        let elementWise = ["276.898", "21.39686721", "86.36519908", "32.85114607", "38.48267677",
                           "29.12535682", "21.67718026", "631.26239", "121", "87.9745"]
        #expect(result.cells[1].stdout.split(separator: "\n").map(String.init) == elementWise)
        // Arrays of two lengths stop the cell, and say how to join them.
        #expect(result.cells[2].failure?.message.contains("these have 3 and 5 values; to join two arrays, write concatenate([x, y])") == true)
    }

    /// `lectern run` reads like a notebook: an inline value reaches a live
    /// reader where it stands, after the cell above it and before the cell
    /// below, and a cached build replays the same sequence.
    @Test func inlineValuesReachLiveReadersWhereTheyStand() throws {
        let course = try Self.course(["good"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        final class Seen: Sendable {
            let events = Mutex<[String]>([])
        }
        func sequence() -> (events: [String], cached: Bool) {
            let seen = Seen()
            var build = CourseBuild(course: course, jobs: 1, useCache: true)
            build.live = { _, cell, output in
                let kind: String
                switch output {
                case .inline(let index, let text): kind = "inline \(index) \(text)"
                case .stdout: kind = "stdout"
                default: return
                }
                seen.events.withLock { $0.append("\(cell): \(kind)") }
            }
            let outcome = build.build(["lectures/good.md"])[0]
            // Consecutive stdout pieces of a cell are one.
            var events: [String] = []
            for e in seen.events.withLock({ $0 }) where events.last != e { events.append(e) }
            return (events, outcome.cached)
        }
        let live = sequence()
        #expect(live.cached == false)
        #expect(live.events == ["0: stdout", "0: inline 0 0.8704", "1: stdout", "2: stdout"])
        let replayed = sequence()
        #expect(replayed.cached == true)
        #expect(replayed.events == live.events)
    }

    @Test func cellTimeoutStopsTheCell() throws {
        let course = try Self.course(["timeout"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, ["timeout"])[0]
        let result = try #require(outcome.result)
        #expect(result.cells[0].failure?.kind == .timeout)
        #expect(result.cells[0].stdout == "spinning\n")
        #expect(result.cells[1].failure?.kind == .notRun)
        #expect(result.runSeconds < 10)
        #expect(outcome.errors.first?.location == "lectures/timeout.md:7")
    }

    @Test func cachedRerenderIsByteIdenticalAndRunsNothing() throws {
        let course = try Self.course(["good"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let first = Self.build(course, ["good"])
        #expect(first[0].cached == false)
        let a = try Data(contentsOf: try Self.page(course, first, out: "a").appendingPathComponent("good.html"))
        let second = Self.build(course, ["good"])
        #expect(second[0].cached == true)
        let b = try Data(contentsOf: try Self.page(course, second, out: "b").appendingPathComponent("good.html"))
        #expect(a == b)

        // A prose-only edit still comes from the cache.
        let file = course.root.appendingPathComponent("lectures/good.md")
        let source = try String(contentsOf: file, encoding: .utf8)
        try source.replacingOccurrences(of: "Some math:", with: "New prose here.\n\nSome math:").write(to: file, atomically: true, encoding: .utf8)
        let third = Self.build(course, ["good"])
        #expect(third[0].cached == true)
        #expect(third[0].errors.isEmpty)
        let c = try String(contentsOf: try Self.page(course, third, out: "c").appendingPathComponent("good.html"), encoding: .utf8)
        #expect(c.contains("New prose here."))
    }

    @Test func freshRunsAreReproducibleAndParallelMatchesSerial() throws {
        let course = try Self.course(["good", "second"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let serial = try Self.page(course, Self.build(course, ["good", "second"], jobs: 1, useCache: false), out: "serial")
        let parallel = try Self.page(course, Self.build(course, ["good", "second"], jobs: 2, useCache: false), out: "parallel")
        for file in ["good.html", "second.html", "index.html", "assets/search-index.js", "second.swift"] {
            let a = try Data(contentsOf: serial.appendingPathComponent(file))
            let b = try Data(contentsOf: parallel.appendingPathComponent(file))
            #expect(a == b, "\(file)")
        }
        let second = try String(contentsOf: serial.appendingPathComponent("second.html"), encoding: .utf8)
        #expect(second.contains("<li><a href=\"#a-section\">A section</a></li>"), "table of contents")
        // A Plot figure drawn in the lecture's process, at the cell's fig-width × fig-height.
        #expect(second.contains("viewBox=\"0 0 360 216\""))
        #expect(second.contains(">draws</text>") && second.contains(">count</text>"))
    }

    @Test func unknownFigureReferenceIsAnError() throws {
        let course = try Self.course(["bad-ref"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        let outcome = Self.build(course, ["bad-ref"])[0]
        #expect(outcome.errors.isEmpty)
        let errors = Site.pageErrors(course: course, outcomes: [outcome], lectures: [outcome.path])[outcome.path] ?? []
        #expect(errors.map(\.location) == ["lectures/bad-ref.md:5"])
    }
}
