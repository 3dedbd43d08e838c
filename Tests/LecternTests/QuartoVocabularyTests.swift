import Foundation
import Testing
@testable import Lectern

/// Exercises and solutions, collapsible callouts and shared math macros (issue 27).
@Suite struct QuartoVocabularyTests {
    static let exercises = """
    ---
    title: T
    ---

    ::: {#exr-mean .exercise title="Posterior mean"}
    Compute it.
    :::

    ::: {.solution}
    SOLUTION-ALPHA $\\alpha$

    ```swift
    let hidden = 47.0 / 54
    print("SOLUTION-BETA", hidden)
    ```
    :::

    ::: {.exercise}
    Another; see @exr-mean.
    :::

    ::: {.callout-tip collapse="true" title="Hint"}
    Open me.
    :::

    ```swift
    print("after")
    ```
    """

    @Test func exercisesAreNumberedAndSolutionsFoldUnderThem() throws {
        let lecture = try Lecture(source: Self.exercises, path: "lectures/e.md")
        #expect(lecture.cells.count == 2)
        let resolved = ResolvedLecture(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/nonexistent")))
        let page = Page(resolved, format: .html).html
        #expect(page.contains("<div class=\"exercise\" id=\"exr-mean\"><p class=\"exercise-title\">Exercise\u{A0}1: Posterior mean</p>"))
        #expect(page.contains("<details class=\"solution\"><summary class=\"solution-title\">Solution to Exercise\u{A0}1</summary>"))
        #expect(page.contains("<p class=\"exercise-title\">Exercise\u{A0}2</p>"))
        #expect(page.contains("href=\"#exr-mean\">Exercise\u{A0}1</a>"))
        #expect(page.contains("<details class=\"callout callout-tip\"><summary class=\"callout-title\">Hint</summary>"))
        let handout = Page(resolved, format: .pdf).html
        #expect(handout.contains("<div class=\"solution\"><p class=\"solution-title\">Solution to Exercise\u{A0}1</p>") && !handout.contains("<details"),
                "the handout prints everything open")
        #expect(resolved.errors.isEmpty, "\(resolved.errors)")
    }

    @Test func withoutSolutionsNothingOfOneIsLeft() throws {
        var course = CourseConfig()
        course.solutions = false
        let lecture = try Lecture(source: Self.exercises, path: "lectures/e.md", course: course)
        #expect(lecture.cells.count == 1 && lecture.cells[0].code.contains("after"), "the solution's cell is not in the program")
        #expect(!lecture.html.contains("SOLUTION") && !lecture.math.contains { $0.tex.contains("alpha") })
        #expect(!lecture.sections.contains { $0.text.contains("SOLUTION") }, "nor in the search index")
        #expect(lecture.leftOutLines == Set(9...16), "\(lecture.leftOutLines.sorted())")
        #expect(!StudentProgram(lecture: lecture).source.contains("SOLUTION"))
        #expect(lecture.cells[0].firstLine == 27, "lines after a solution keep their numbers")
    }

    @Test func macrosCarryFromFormulaToFormula() throws {
        #expect(MathMacros.definitions(in: "\\newcommand{\\E}{\\mathbb{E}} \\E[x] + \\def\\V#1{\\operatorname{V}(#1)} \\renewcommand\\P[1]{p(#1)}")
                == "\\newcommand{\\E}{\\mathbb{E}}\\def\\V#1{\\operatorname{V}(#1)}\\renewcommand\\P[1]{p(#1)}")
        var course = CourseConfig()
        course.mathMacros = "\\def\\R{\\mathbb{R}}"
        let lecture = try Lecture(source: "$\\R$ then $\\newcommand{\\E}{\\mathbb{E}}\\E$ then $\\E[x]$\n", path: "lectures/m.md", course: course)
        #expect(lecture.math.map(\.preamble) == ["\\def\\R{\\mathbb{R}}", "\\def\\R{\\mathbb{R}}", "\\def\\R{\\mathbb{R}}\\newcommand{\\E}{\\mathbb{E}}"])
        let config = try CourseConfig.parse("math-macros:\n  \"\\\\norm\": \"\\\\lVert #1 \\\\rVert\"\n", file: "lectern.yml")
        #expect(config.mathMacros == "\\def\\norm#1{\\lVert #1 \\rVert}")
    }
}

/// Table captions: tbl-cap, Pandoc's ": Caption {#tbl-x}", and no number without one (issue 27).
@Suite struct TableCaptionTests {
    @Test func captionedTablesAreNumberedInPageOrderAndOthersAreNot() throws {
        let source = """
        | a | b |
        |---|---|
        | 1 | 2 |

        : Squares {#tbl-squares}

        ```swift
        show(Table(["n"], rows: [[1]]))
        ```

        ```swift
        //| label: tbl-cubes
        //| tbl-cap: "Cubes"
        show(Table(["n"], rows: [[1]]))
        ```

        See @tbl-squares and @tbl-cubes.
        """
        let lecture = try Lecture(source: source, path: "lectures/t.md")
        #expect(lecture.proseTables == [ProseTable(label: "tbl-squares", line: 5)])
        var shown = CellResult()
        shown.outputs = [.display(.table(TableData(columns: ["n"], rows: [["1"]])))]
        let result = LectureResult(cells: [shown, shown], inlines: [])
        let resolved = ResolvedLecture(lecture: lecture, result: result, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/nonexistent")))
        let html = Page(resolved, format: .html).html
        #expect(html.contains("<table id=\"tbl-squares\"><caption><span class=\"table-number\">Table\u{A0}1</span>: Squares</caption>"))
        #expect(html.contains("<caption><span class=\"table-number\">Table\u{A0}2</span>: Cubes</caption>"))
        #expect(html.components(separatedBy: "<caption>").count == 3, "the uncaptioned table has no caption and no number")
        #expect(html.contains(">Table\u{A0}1</a> and <a class=\"xref\" href=\"#tbl-cubes\">Table\u{A0}2</a>"))
        #expect(!html.contains("{#tbl-squares}") && !html.contains("<p>: Squares"))
        #expect(resolved.errors.isEmpty, "\(resolved.errors)")
    }
}

/// Figures of images: attributes, numbers, layouts and sub-figures (issue 27).
@Suite struct ImageFigureTests {
    @Test func imagesAreNumberedSizedAndLaidOut() throws {
        let source = """
        ![The pipe](a.svg){#fig-pipe width=60% fig-alt="A box"}

        ::: {#fig-panels layout-ncol=2}
        ![Signal](b.svg)

        ![Background](c.svg)

        Two panels.
        :::

        ::: {#fig-grid layout="[[1,1],[1]]"}
        ![One](a.svg)

        ![Two](b.svg)

        ![Three](c.svg)
        :::

        ![Just an image](a.svg)

        See @fig-pipe, @fig-panels, @fig-panels-b and @fig-grid-c.
        """
        let lecture = try Lecture(source: source, path: "lectures/f.md")
        #expect(lecture.imageFigures.map(\.label) == ["fig-pipe", "fig-panels", "fig-grid"])
        #expect(lecture.imageFigures[1].subfigures == ["fig-panels-a", "fig-panels-b"])
        let resolved = ResolvedLecture(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/nonexistent")))
        let html = Page(resolved, format: .html).html
        #expect(html.contains("<figure class=\"image-figure\" id=\"fig-pipe\"><img src=") && html.contains("alt=\"A box\" style=\"width: 60%\" />"))
        #expect(html.contains("<figcaption><span class=\"figure-number\">Figure\u{A0}1</span>: The pipe</figcaption>"))
        #expect(html.contains("<figure class=\"layout-figure\" id=\"fig-panels\"><div class=\"layout-grid\" style=\"--layout-columns: 2\">"))
        #expect(html.contains("<figure class=\"subfigure\" id=\"fig-panels-b\">") && html.contains("<figcaption>(b) Background</figcaption>"))
        #expect(html.contains("</div><figcaption><span class=\"figure-number\">Figure\u{A0}2</span>: Two panels.</figcaption></figure>"))
        #expect(html.contains("<figure class=\"subfigure\" id=\"fig-grid-c\" style=\"grid-column: span 2\">"), "[[1,1],[1]]: the third image spans the row")
        #expect(html.contains("</div><figcaption><span class=\"figure-number\">Figure\u{A0}3</span></figcaption></figure>"), "a layout with no caption shows its number alone")
        #expect(html.contains("<p><img src=") , "an image with no attributes stays an image")
        #expect(html.contains(">Figure\u{A0}1</a>, <a class=\"xref\" href=\"#fig-panels\">Figure\u{A0}2</a>, <a class=\"xref\" href=\"#fig-panels-b\">Figure\u{A0}2b</a> and <a class=\"xref\" href=\"#fig-grid-c\">Figure\u{A0}3c</a>"))
        #expect(resolved.errors.filter { !$0.message.contains("image:") }.isEmpty, "\(resolved.errors)")
    }
}

/// Tabsets: tabs on the page, stacked without script and in the handout, out of the sidebar (issue 27).
@Suite struct TabsetTests {
    @Test func aTabsetIsTabsOnThePageAndSectionsElsewhere() throws {
        let source = "# T\n\n::: {.panel-tabset}\n## Swift\n\nOne.\n\n## NumPy\n\nTwo.\n:::\n\n## After\n"
        let lecture = try Lecture(source: source, path: "lectures/t.md")
        #expect(lecture.headings.map(\.inTabset) == [false, true, true, false])
        let resolved = ResolvedLecture(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/nonexistent")))
        let page = Page(resolved, format: .html).html
        #expect(page.contains("<div class=\"tablist\" role=\"tablist\" hidden><button type=\"button\" role=\"tab\" id=\"tabset-1-1-tab\" aria-controls=\"tabset-1-1\" aria-selected=\"true\" tabindex=\"0\">Swift</button><button type=\"button\" role=\"tab\" id=\"tabset-1-2-tab\" aria-controls=\"tabset-1-2\" aria-selected=\"false\" tabindex=\"-1\">NumPy</button></div>"))
        #expect(page.contains("<section class=\"tab-panel\" id=\"tabset-1-2\" role=\"tabpanel\" aria-labelledby=\"tabset-1-2-tab\">\n<h2 class=\"tab-heading\" id=\"numpy\">NumPy</h2>"))
        let handout = Page(resolved, format: .pdf).html
        #expect(!handout.contains("role=\"tab\"") && handout.contains("<h2 id=\"swift\">Swift</h2>"), "the handout prints the panels one after another")
    }
}

/// {{< include >}}: text from another file, errors at its own lines (issue 27).
@Suite struct IncludeTests {
    static func course(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-include-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func includedTextIsThereAndErrorsPointIntoIt() throws {
        let root = try Self.course(["lectures/parts/_a.md": "## Part\n\n```swift\nlet a = 1\n```\n\n{{< include _b.md >}}\n",
                                    "lectures/parts/_b.md": "Text of b with @sec-none.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let lecture = try Lecture(source: "# M\n\n{{< include parts/_a.md >}}\n\nAfter.\n", path: "lectures/m.md", root: root)
        #expect(lecture.cells.count == 1 && lecture.headings.map(\.text) == ["M", "Part"])
        #expect(lecture.sourceMap?.files == ["lectures/parts/_a.md", "lectures/parts/_b.md"])
        let cell = lecture.cells[0]
        #expect(lecture.sourceMap?.origin(of: cell.firstLine, path: lecture.path) == SourceMap.Origin(file: "lectures/parts/_a.md", line: 4))
        let resolved = ResolvedLecture(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: root))
        #expect(resolved.errors.contains { $0.file == "lectures/parts/_b.md" && $0.line == 1 && $0.message.contains("@sec-none") }, "\(resolved.errors)")
        #expect(!Course.markdownFiles(under: root.appendingPathComponent("lectures"), relativeTo: root).contains { $0.contains("_") }, "_files are never lectures")
    }

    @Test func aMissingFileOrACycleIsAnErrorAtTheInclude() throws {
        let root = try Self.course(["lectures/_loop.md": "x\n{{< include _loop.md >}}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect { try Lecture(source: "# M\n\n{{< include _nope.md >}}\n", path: "lectures/m.md", root: root) } throws: { error in
            (error as? LecternError).map { $0.line == 3 && $0.file == "lectures/m.md" && $0.message.contains("does not exist") } ?? false
        }
        #expect { try Lecture(source: "# M\n{{< include _loop.md >}}\n", path: "lectures/m.md", root: root) } throws: { error in
            (error as? LecternError).map { $0.file == "lectures/_loop.md" && $0.line == 2 && $0.message.contains("includes itself") } ?? false
        }
        #expect { try Lecture(source: "{{< include ../../outside.md >}}\n", path: "lectures/m.md", root: root) } throws: { error in
            (error as? LecternError).map { $0.line == 1 && $0.message.contains("include") } ?? false
        }
    }
}

/// Videos: YouTube and Vimeo players, course video files, nothing else (issue 27).
@Suite struct MediaTests {
    @Test func allowedPlayersAreEmbeddedAndOthersSaySo() throws {
        let source = """
        {{< video https://www.youtube.com/watch?v=abc_123 >}}

        {{< video https://vimeo.com/76979871 >}}

        {{< video clip.mp4 >}}

        <iframe src="https://youtu.be/xyz" title="Talk"></iframe>

        <iframe src="https://evil.example.org/"></iframe>

        {{< video https://example.org/a.mp4 >}}
        """
        let lecture = try Lecture(source: source, path: "lectures/v.md")
        let html = lecture.html
        #expect(html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/abc_123\""))
        #expect(html.contains("<iframe src=\"https://player.vimeo.com/video/76979871\""))
        #expect(html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/xyz\" title=\"Talk\""))
        #expect(html.contains("<video controls preload=\"metadata\" src=\"lectern-link-0\">") && lecture.links.first?.file == "clip.mp4")
        #expect(!html.contains("evil.example.org\"") && html.contains("&lt;iframe"), "another host's frame stays escaped text")
        #expect(lecture.warnings.map(\.line) == [9, 11], "\(lecture.warnings)")
    }
}

/// Math with `|` in a pipe table's cell reads as Pandoc reads it (issue 27).
@Suite struct TableMathTests {
    @Test func pipesInsideMathAndCodeKeepTheCellWhole() throws {
        let text = "| q | f |\n|---|---|\n| abs | $|x|$ |\n| cond | $P(A | B)$ |\n| code | `a|b` |\n\nOutside a table $|x|$ stays.\n"
        let protected = TableMath.protect(text)
        #expect(protected.contains("| abs | $\\vert{}x\\vert{}$ |") && protected.contains("$P(A \\vert{} B)$") && protected.contains("`a\\|b`"))
        #expect(protected.contains("Outside a table $|x|$ stays."))
        #expect(SourceText.lines(protected).count == SourceText.lines(text).count, "lines keep their numbers")
        let lecture = try Lecture(source: text, path: "lectures/t.md")
        #expect(lecture.math.map(\.tex) == ["\\vert{}x\\vert{}", "P(A \\vert{} B)", "|x|"])
        #expect(lecture.html.components(separatedBy: "<td>").count == 7, "three rows of two cells")
    }
}
