import Foundation
import Testing
@testable import Lectern

/// Formats: `format:` as Quarto users write it, Pandoc's slide rules, what
/// each format shows, notes, fragments, columns and fitting 1280×720; and,
/// through the command line, one run making the page, the deck and the
/// handout, and a missing PDF engine costing only the handout.
@Suite struct FormatTests {
    static func lecture(_ body: String, matter: String = "format: revealjs", course: CourseConfig = CourseConfig()) throws -> Lecture {
        try Lecture(source: "---\ntitle: T\n\(matter)\n---\n\n" + body, path: "lectures/f.md", course: course)
    }

    static func resolved(_ lecture: Lecture, result: LectureResult? = nil) -> ResolvedLecture {
        ResolvedLecture(lecture: lecture, result: result, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/")))
    }

    static func deck(_ body: String, matter: String = "format: revealjs", result: LectureResult? = nil) throws -> Deck {
        Deck(resolved(try lecture(body, matter: matter), result: result))
    }

    /// The slides' titles' words (nil for an untitled slide).
    static func titles(_ deck: Deck) -> [String?] { deck.slides.map(\.name) }

    // MARK: format:

    @Test func formatsAreWrittenAsQuartoUsersWriteThem() throws {
        #expect(try Self.lecture("x").formats.names == [.html, .revealjs])
        #expect(try Self.lecture("x", matter: "format: [html, revealjs, pdf]").formats.names == [.html, .revealjs, .pdf])
        let mapped = try Self.lecture("x", matter: "format:\n  revealjs:\n    slide-level: 3\n    incremental: true\n  pdf:\n    papersize: letter")
        #expect(mapped.formats.names == [.html, .revealjs, .pdf])
        #expect(mapped.formats.number(Format.slideLevel, for: .revealjs) == 3)
        #expect(mapped.formats.flag(Format.incremental, for: .revealjs))
        #expect(mapped.formats.text(Format.papersize, for: .pdf) == "letter")
        #expect(try Self.lecture("x", matter: "format:\n  pdf: default").formats.text(Format.papersize, for: .pdf) == "a4")
        #expect(try Lecture(source: "x", path: "lectures/f.md").formats.names == [.html], "without format: the page only")
    }

    @Test func aLecturesFormatOverridesTheCourses() throws {
        var course = CourseConfig()
        course = try CourseConfig.parse("format:\n  revealjs:\n    slide-level: 3\n  pdf:\n    papersize: letter\n", file: "lectern.yml")
        let inherits = try Lecture(source: "x", path: "lectures/f.md", course: course)
        #expect(inherits.formats.names == [.html, .revealjs, .pdf])
        #expect(inherits.formats.number(Format.slideLevel, for: .revealjs) == 3)
        let own = try Self.lecture("x", matter: "format:\n  revealjs:\n    incremental: true", course: course)
        #expect(own.formats.names == [.html, .revealjs], "the lecture's list replaces the course's")
        #expect(own.formats.number(Format.slideLevel, for: .revealjs) == 3, "options merge, the lecture's over the course's")
        #expect(own.formats.flag(Format.incremental, for: .revealjs))
    }

    @Test func badFormatsAreErrorsAtTheirLineWithADidYouMean() throws {
        func message(_ matter: String) -> String {
            do { _ = try Self.lecture("x", matter: matter); return "" } catch { return "\(error)" }
        }
        #expect(message("format: revaljs").contains("lectures/f.md:3"))
        #expect(message("format: revaljs").contains("did you mean 'revealjs'"))
        #expect(message("format: beamer").contains("revealjs"))
        let option = message("format:\n  revealjs:\n    slide-levle: 2")
        #expect(option.contains("lectures/f.md:5") && option.contains("did you mean 'slide-level'"), "\(option)")
        #expect(message("format:\n  revealjs:\n    slide-level: 9").contains("a heading level from 1 to 6"))
        #expect(message("format:\n  pdf:\n    papersize: a3").contains("a4 or letter"))
        #expect(message("format:\n  html:\n    toc: true").contains("'html' takes no options"))
        #expect(throws: LecternError.self) { _ = try CourseConfig.parse("format: pptx\n", file: "lectern.yml") }
    }

    // MARK: Pandoc's slide rules

    @Test func headingsOfTheSlideLevelStartSlides() throws {
        let body = "Intro words.\n\n# Part\n\nUnder the part.\n\n## One\n\nA.\n\n### Sub\n\nB.\n\n---\n\nAfter a rule.\n\n## Two\n\nC.\n"
        let two = try Self.deck(body)
        #expect(Self.titles(two) == [nil, "Part", "One", nil, "Two"])
        #expect(two.slides[1].isSection && !two.slides[2].isSection)
        #expect(two.slides[2].items.contains { $0.isHeading && $0.html.contains("Sub") }, "a deeper heading stays on its slide")
        let one = try Self.deck(body, matter: "format:\n  revealjs:\n    slide-level: 1")
        #expect(Self.titles(one) == [nil, "Part", nil])
        let three = try Self.deck(body, matter: "format:\n  revealjs:\n    slide-level: 3")
        #expect(Self.titles(three) == [nil, "Part", "One", "Sub", nil, "Two"])
        #expect(three.slides[2].isSection, "a heading above the slide level is a title slide")
        #expect(two.html.contains("<section id=\"one\""), "a slide has its heading's id, so #/one links to it")
    }

    @Test func notesPausesFragmentsAndColumns() throws {
        let body = """
            ## S

            Shown at once.

            . . .

            After a pause.

            ::: {.fragment}
            A fragment.
            :::

            :::: {.columns}
            ::: {.column width="40%"}
            Left.
            :::
            ::: {.column width="60%"}
            Right.
            :::
            ::::

            ::: {.notes}
            Say this aloud.
            :::

            - one
            - two

            """
        let deck = try Self.deck(body)
        let slide = try #require(deck.slides.first)
        #expect(slide.notes.joined().contains("Say this aloud."))
        #expect(!slide.items.contains { $0.html.contains("Say this aloud") })
        #expect(slide.items.map(\.fragment) == [0, 1, 1, 1, 1])
        let html = deck.html
        #expect(html.contains("<div class=\"fragment\">\n<p>After a pause.</p>"))
        #expect(html.contains("<div class=\"fragment\">\n<p>A fragment.</p>"))
        #expect(html.contains("<div class=\"column\" style=\"width: 40%\">") && html.contains("<div class=\"columns\">"))
        #expect(html.contains("<aside class=\"notes\">"))
        #expect(!html.contains("incremental"))
        let incremental = try Self.deck(body, matter: "format:\n  revealjs:\n    incremental: true")
        #expect(incremental.html.contains("<div class=\"incremental\"><ul>"))
        let prose = try Self.deck(body, matter: "format:\n  revealjs:\n    notes: prose")
        #expect(prose.slides[0].notes.joined().contains("Shown at once."), "notes: prose sends every paragraph to the notes")
        #expect(!prose.html.contains("<p>Shown at once.</p>\n<div"))
    }

    @Test func eachFormatShowsWhatIsMeantForIt() throws {
        let body = """
            ::: {.content-visible when-format="revealjs"}
            deck-only
            :::

            ::: {.content-hidden when-format="revealjs"}
            not-on-deck
            :::

            ::: {.content-visible when-format="html"}
            page-only
            :::

            ::: {.content-hidden when-format="html"}
            not-on-page
            :::

            ::: {.content-visible when-format="pdf"}
            handout-only
            :::

            ::: {.content-hidden when-format="pdf"}
            not-in-handout
            :::

            ::: {.content-visible unless-format="pdf"}
            unless-handout
            :::

            ::: {.no-slide}
            no-slide-block
            :::

            ```{swift .no-slide}
            print("kept off the deck")
            ```

            """
        let resolved = Self.resolved(try Self.lecture(body, matter: "format: [revealjs, pdf]"))
        let page = Page(resolved).html
        let handout = Page(resolved, format: .pdf).html
        let deck = Deck(resolved).html
        let words = ["deck-only", "not-on-deck", "page-only", "not-on-page", "handout-only", "not-in-handout", "unless-handout", "no-slide-block"]
        func shown(_ html: String) -> [String] { words.filter { html.contains($0) } }
        #expect(shown(page) == ["not-on-deck", "page-only", "not-in-handout", "unless-handout", "no-slide-block"])
        #expect(shown(handout) == ["not-on-deck", "not-on-page", "handout-only", "no-slide-block"])
        #expect(shown(deck) == ["deck-only", "not-on-page", "not-in-handout", "unless-handout"])
        #expect(page.contains("kept off the deck") && !deck.contains("kept off the deck"))
    }

    @Test func cellsShowResultsOnSlidesAndCodeOnlyWhenAsked() throws {
        let body = "## A\n\n```swift\nprint(1)\n```\n\n## B\n\n```swift\n//| echo: true\nprint(2)\n```\n\n## C\n\n```swift\n//| echo: fold\nlet folded = 3\n```\n"
        var result = LectureResult(cells: [CellResult(), CellResult(), CellResult()], inlines: [])
        result.cells[0].outputs = [.stdout("one\n")]
        result.cells[1].outputs = [.stdout("two\n")]
        let lecture = try Self.lecture(body)
        let deck = Deck(Self.resolved(lecture, result: result))
        #expect(!deck.slides[0].items.map(\.html).joined().contains("language-swift") && deck.slides[0].items.map(\.html).joined().contains("one"))
        #expect(deck.slides[1].items.map(\.html).joined().contains("language-swift"), "echo: true shows the code on the slide")
        let echoed = Deck(Self.resolved(try Self.lecture(body, matter: "format:\n  revealjs:\n    echo: true"), result: result))
        #expect(echoed.slides[0].items.map(\.html).joined().contains("language-swift"))
        let page = Page(Self.resolved(lecture, result: result)).html
        let handout = Page(Self.resolved(lecture, result: result), format: .pdf).html
        #expect(page.contains("<details class=\"code-fold\">") && !handout.contains("<details") && handout.contains("folded"),
                "the handout prints folded code in full")
    }

    @Test func whatDoesNotFitGoesOnOrScrollsWithAWarning() throws {
        var body = "## Long\n\n"
        for n in 1...14 { body += "Paragraph \(n) " + String(repeating: "word ", count: 30) + "\n\n" }
        body += "```swift\nshow(table)\n```\n\n## Rows\n\n```swift\nshow(rows)\n```\n"
        var result = LectureResult(cells: [CellResult(), CellResult()], inlines: [])
        result.cells[0].outputs = [.display(.table(TableData(columns: ["a"], rows: (1...5).map { [String($0)] })))]
        result.cells[1].outputs = [.display(.table(TableData(columns: ["a"], rows: (1...40).map { [String($0)] })))]
        let deck = try Self.deck(body, result: result)
        let long = try #require(deck.slides.first)
        #expect(!long.scrolls && long.items.contains { $0.html.contains("<table") }, "the table stays; prose that does not fit goes to the notes")
        #expect(long.notes.joined().contains("Paragraph 14"))
        #expect(SlideFit.total(long.items) <= SlideFit.bodyHeight(titled: true))
        let rows = try #require(deck.slides.last)
        #expect(rows.scrolls && deck.html.contains("class=\"scrollable\""))
        #expect(deck.warnings.count == 1)
        #expect(deck.warnings.first?.description.contains("lectures/f.md:") == true && deck.warnings.first?.isWarning == true)
        #expect(deck.warnings.first?.description.contains("'Rows'") == true)
    }

    @Test func aSlideTooFullGoesOnOnASlideWithItsTitle() throws {
        var result = LectureResult(cells: [CellResult()], inlines: [])
        result.cells[0].outputs = [.display(.figure("fig-1.svg")), .display(.figure("fig-2.svg")), .display(.figure("fig-3.svg"))]
        let deck = try Self.deck("## Figures\n\n### First\n\nWords.\n\n```swift\nshow(a); show(b); show(c)\n```\n", result: result)
        #expect(deck.slides.count >= 2)
        #expect(deck.slides.allSatisfy { $0.name == "Figures" })
        #expect(deck.slides.dropFirst().allSatisfy { $0.continued })
        #expect(deck.warnings.isEmpty)
        #expect(deck.html.components(separatedBy: "<section id=\"figures\"").count == 2, "only the first part has the id")
    }

    // MARK: Through the command line

    @Test(.timeLimit(.minutes(5))) func oneRunMakesEveryFormatAndAMissingEngineCostsOnlyTheHandout() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-formats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try CourseLayoutTests.write(root, "lectern.yml", "format: [html, revealjs, pdf]\n")
        try CourseLayoutTests.write(root, "lectures/a.md", "---\ntitle: A\n---\n\n## Numbers\n\n```swift\nlet x = 6 * 7\nprint(\"x is \\(x)\")\n```\n\nThe answer is `{swift} x`.\n")
        let missing = try CourseLayoutTests.lectern(["render"], in: root, environment: ["LECTERN_CHROMIUM": "/nonexistent/chromium"])
        #expect(missing.status == 2, "a missing engine is a set-up error: \(missing.err)")
        #expect(missing.err.contains("needs Chromium") && missing.err.contains("apt-get install chromium-headless-shell"))
        let page = try CourseLayoutTests.read(root, "output/a.html")
        let deck = try CourseLayoutTests.read(root, "output/a.slides.html")
        #expect(page.contains("x is 42") && deck.contains("x is 42"), "the page and the deck come from the same run")
        #expect(page.contains("href=\"./a.slides.html\"") && page.contains("href=\"./a.pdf\""))
        let index = try CourseLayoutTests.read(root, "output/index.html")
        #expect(index.contains("./a.slides.html"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a.pdf").path))
        guard PDFPrinter.engine != nil else { return }
        let made = try CourseLayoutTests.lectern(["render"], in: root)
        #expect(made.status == 0, "\(made.err)")
        #expect(made.err.contains("cached"), "the cells ran once: the second render takes them from the cache")
        let pdf = try Data(contentsOf: root.appendingPathComponent("output/a.pdf"))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        try CourseLayoutTests.write(root, "lectern.yml", "format: html\n")
        let pageOnly = try CourseLayoutTests.lectern(["render"], in: root)
        #expect(pageOnly.status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a.slides.html").path)
                && !FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a.pdf").path),
                "a format dropped takes its file with it")
    }
}
