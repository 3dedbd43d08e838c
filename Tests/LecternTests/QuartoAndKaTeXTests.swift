import Foundation
import Testing
@testable import Lectern

/// Front matter rules, the Quarto syntax lecturers bring, and math typeset
/// at build time (needs Debian's `katex`, which `scripts/install-deps` installs).
@Suite struct QuartoAndKaTeXTests {
    static func page(_ source: String) throws -> (Lecture, String) {
        let lecture = try Lecture(source: source, path: "lectures/q.md")
        let page = Page(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/")))
        return (lecture, page.html)
    }

    @Test func aLeadingRuleBlockThatIsNotAMappingIsMarkdown() throws {
        let (setext, html) = try Self.page("---\nFoo\n---\n\nText.\n")
        #expect(setext.warnings.isEmpty && html.contains("<hr />\n<h2 id=\"foo\">Foo</h2>"), "\(html)")
        let (_, rules) = try Self.page("---\n---\n\nText.\n")
        #expect(rules.components(separatedBy: "<hr />").count == 3, "two rules: \(rules)")
        let (list, listHTML) = try Self.page("---\n- title: a list\n---\n\nText.\n")
        #expect(list.warnings.first?.message.contains("not a YAML mapping") == true && listHTML.contains("Text."))
        #expect(throws: LecternError.self, "broken YAML that reads like front matter") {
            try Lecture(source: "---\ntitle: [unclosed\nseed: 1\n---\n\nText.\n", path: "lectures/q.md")
        }
        #expect(throws: LecternError.self) { try Lecture(source: "---\nseed: abc\n---\n", path: "lectures/q.md") }
    }

    @Test func quartoFrontMatterKeysAreHonouredOrIgnoredAloud() throws {
        let (lecture, html) = try Self.page("---\ntitle: T\nformat: html\njupyter: python3\ntoc: false\nnumber-sections: true\n---\n\n## One {#sec-one}\n\n### Sub\n\n## Two\n\nSee @sec-one.\n")
        #expect(lecture.warnings.map(\.location) == ["lectures/q.md:4"])
        #expect(lecture.warnings.allSatisfy(\.isWarning) && lecture.warnings[0].message.contains("'jupyter'"))
        #expect(lecture.formats.names == [.html])
        #expect(!lecture.settings.flag(Options.toc))
        #expect(lecture.headings.map { $0.number ?? "" } == ["1", "1.1", "2"])
        #expect(html.contains("<h2 id=\"sec-one\"><span class=\"section-number\">1</span> One</h2>"))
        #expect(html.contains("<a class=\"xref\" href=\"#sec-one\">Section\u{A0}1</a>"))
    }

    @Test func quartoCalloutsCellsAndOptions() throws {
        let source = """
            ::: {.callout-tip title="A tip"}
            Inside *markdown*.
            :::

            ::: callout-caution
            Careful.
            :::

            ```{swift}
            #| label: fig-x
            #| echo: false
            let x = 1
            ```

            ```{python}
            print(1)
            ```

            {{< include a.qmd >}} as in [@knuth1984].
            """
        let (lecture, html) = try Self.page(source)
        #expect(html.contains("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">A tip</p>\n<p>Inside <em>markdown</em>.</p>\n</div>"), "\(html)")
        #expect(html.contains("<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>"))
        #expect(lecture.cells.count == 1 && lecture.cells[0].options.label == "fig-x" && lecture.cells[0].settings.echo == .hide)
        #expect(lecture.cells[0].displayCode == "let x = 1")
        #expect(Program(lecture: lecture).source.contains("//|\n//|\nlet x = 1"), "#| lines reach the compiler as comments")
        let warnings = lecture.warnings.map { "\($0.location): \($0.message.prefix(24))" }
        #expect(warnings == ["lectures/q.md:15: a {python} cell is shown", "lectures/q.md:19: Quarto shortcodes ({{< …"], "\(warnings)")
        #expect(lecture.citations.map { $0.items.map(\.key) } == [["knuth1984"]] && lecture.citations[0].line == 19,
                "a citation is read (and, with no bibliography, is an error when the page is made: CitationTests)")
        #expect(lecture.cells[0].firstLine == 10, "fence lines keep the lines after them where they were")
    }

    @Test func katexTypesetsAtBuildTimeAndRemembers() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-katex-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let typesetter = MathTypesetter(state: state)
        try #require(typesetter.available, "KaTeX (Debian's katex) is needed: scripts/install-deps installs it")
        let good = MathTypesetter.Formula(tex: "x^2", display: false)
        let bad = MathTypesetter.Formula(tex: "\\frac{a", display: true)
        let outcomes = typesetter.typeset([good, bad])
        guard case .html(let html)? = outcomes[good], case .error(let message)? = outcomes[bad] else {
            Issue.record("\(outcomes)"); return
        }
        #expect(html.contains("class=\"katex\"") && html.contains("<math"))
        #expect(message.contains("KaTeX parse error"))
        let again = MathTypesetter(state: state)
        #expect(again.typeset([good, bad]) == outcomes && again.typesetCount == 0, "known formulas start no process")
    }

    /// `lectern render` typesets while the lectures build: every formula a
    /// page needs (prose, captions, every lecture's title and headings) is
    /// known from the parsed lectures, so the write after the build starts
    /// no KaTeX process.
    @Test func formulasAreTypesetAheadOfTheBuild() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-ahead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = ["lectures/a.md": "# Title with $\\alpha^2$\n\nProse $x^2$.\n\n## Section $\\beta_1$\n\n$$\\int f$$\n\n```swift\n//| fig-cap: 'a caption $\\gamma_2$'\nlet x = 1\n```\n",
                       "lectures/b.md": "# Second $\\delta_0$\n\nOnly $y^3$.\n"]
        for (path, text) in sources { try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        let course = try Course(root: root)
        let ahead = MathAhead(course: course, lectures: sources.keys.sorted())
        ahead.finish()
        try #require(ahead.typesetter.available, "KaTeX (Debian's katex) is needed: scripts/install-deps installs it")
        #expect(ahead.typesetter.typesetCount == 7, "α², x², β₁, ∫f, γ₂, δ₀, y³")
        // The write after the build: only lecture a was built (its cells ran), b is in the index.
        var outcome = LectureOutcome(path: "lectures/a.md")
        outcome.lecture = Lecture.parsed("lectures/a.md", in: course)
        let index = Site.index(course: course, outcomes: [outcome], lectures: sources.keys.sorted())
        let (math, complete) = Site.typesetMath(course: course, outcomes: [outcome], index: index, ahead: ahead)
        #expect(complete && ahead.typesetter.typesetCount == 7, "nothing was left to typeset after the build")
        #expect(math.html(ofPlainText: "a caption $\\gamma_2$").html.contains("class=\"katex\""))
    }

    @Test func aTeXErrorIsReportedAtItsLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-texerr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let course = try Course(root: root)
        let lecture = try Lecture(source: "# T\n\nGood $x$.\n\nBad $x^$ here.\n", path: "lectures/t.md")
        var outcome = LectureOutcome(path: lecture.path)
        outcome.lecture = lecture
        let errors = Site.pageErrors(course: course, outcomes: [outcome], lectures: [lecture.path])[lecture.path] ?? []
        #expect(errors.map(\.location) == ["lectures/t.md:5"])
        #expect(errors.first?.message.contains("KaTeX says: KaTeX parse error") == true)
    }
}
