import Foundation
import Testing
@testable import Lectern

/// Where files go in the site, how pages link them, and how course files are read.
@Suite struct SitePathTests {
    @Test func pagesMirrorTheLectureTree() {
        #expect(SitePath.page(for: "lectures/01-intro.md") == "01-intro.html")
        #expect(SitePath.page(for: "lectures/a/intro.md") == "a/intro.html")
        #expect(SitePath.page(for: "./lectures/a/../b/x.md") == "b/x.html")
        #expect(SitePath.page(for: "extra/notes.md") == "extra/notes.html")
        #expect(SitePath.figureFolder(for: "lectures/a/intro.md") == "a/figures/intro")
        #expect(SitePath.figureFolder(for: "lectures/intro.md") == "figures/intro")
        #expect(SitePath.reservedReason("index.html") != nil && SitePath.reservedReason("assets/x.html") != nil)
        #expect(SitePath.reservedReason("a/index.html") == nil)
    }

    @Test func hrefsAreRelativeAndEncoded() {
        #expect(SitePath.href(from: "a/intro.html", to: "b/intro.html", fragment: "fig-1") == "../b/intro.html#fig-1")
        #expect(SitePath.href(from: "a/intro.html", to: "a/img/x.png") == "./img/x.png")
        #expect(SitePath.href(from: "index.html", to: "javascript:alert(1).html") == "./javascript%3Aalert%281%29.html")
        #expect(SitePath.href(from: "index.html", to: "my notes/50% #1.html") == "./my%20notes/50%25%20%231.html")
        #expect(SitePath.href(from: "a/b/c.html", to: "index.html") == "../../index.html")
        #expect(SitePath.root(from: "a/b/c.html") == "../../" && SitePath.root(from: "c.html") == "./")
        #expect(SitePath.encode("é") == "%C3%A9")
    }

    @Test func linksKnowWhatIsLocal() throws {
        func link(_ destination: String) -> Link? {
            Link(destination: destination, image: false, line: 1, index: 0, emptyText: false)
        }
        for external in ["https://example.org/x.md", "mailto:a@b.c", "//cdn.example.org/x.js", "javascript:alert(1)", ""] {
            #expect(link(external) == nil, "\(external)")
        }
        let other = try #require(link("../b/my%20notes.md#sec-a%20b"))
        #expect(other.file == "../b/my notes.md" && other.fragment == "sec-a b")
        #expect(other.target(from: "lectures/a/intro.md") == "lectures/b/my notes.md")
        #expect(try #require(link("../../../etc/passwd")).target(from: "lectures/a/intro.md") == nil, "out of the course")
        #expect(try #require(link("/data/x.csv")).target(from: "lectures/a/intro.md") == "data/x.csv", "a path from the course root")
        let fragment = try #require(link("#fig-a"))
        #expect(fragment.isFragment && fragment.fragment == "fig-a")
        let query = try #require(link("data.csv?v=2#top"))
        #expect(query.file == "data.csv" && query.query == "v=2" && query.fragment == "top")
    }

    @Test func lineEndsAreNormalised() throws {
        #expect(SourceText.normalised("a\r\nb\rc\n\r\n") == "a\nb\nc\n\n")
        #expect(SourceText.normalised("no carriage returns\n") == "no carriage returns\n")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-crlf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("title: \"T\"\r\nlectures:\r\n  - lectures/a.md\r\n  - lectures/b.md\r\n".utf8).write(to: root.appendingPathComponent("lectern.yml"))
        let config = try CourseConfig.load(root: root)
        #expect(config.title == "T")
        #expect(config.lectures == ["lectures/a.md", "lectures/b.md"] && config.lectureLines == [3, 4])
        let lecture = try Lecture(source: "---\r\ntitle: \"CRLF\"\r\nseed: 9\r\n---\r\n\r\n# Heading\r\n", path: "lectures/c.md")
        #expect(lecture.title == "CRLF" && lecture.seed == 9)
        let lone = try Lecture(source: "---\rtitle: \"CR\"\r---\r\rText\r", path: "lectures/c.md")
        #expect(lone.title == "CR")
    }

    @Test func theSeedComesFromTheNormalisedPath() throws {
        let a = try Lecture(source: "x\n", path: "lectures/r.md")
        let b = try Lecture(source: "x\n", path: "./lectures/../lectures/r.md")
        #expect(a.seed == b.seed)
        #expect(ContainedPath.normalise("./a//b/../c.md") == "a/c.md")
    }

    @Test func placeholdersCannotBeForged() throws {
        let lecture = try Lecture(source: "Prose with <!--lectern:cell:0--> and <!--lectern:ref:fig-x--> in it.\n\n```swift\nprint(1)\n```\n", path: "lectures/f.md")
        #expect(lecture.marker != "lectern")
        #expect(lecture.html.contains("<!--lectern:cell:0-->"), "the prose's own comment stays as written")
        #expect(lecture.html.contains("<!--\(lecture.marker):cell:0-->"))
    }
}

/// What the page offers a reader besides the lecture: callouts, sections for search, the cells as a file.
@Suite struct ReaderPieceTests {
    @Test func aFigureScrollsRatherThanShrinkItsTextBelowNinePixels() {
        // A 7-inch figure (672 px, 504 pt) whose smallest text is an 8-point superscript (10.7 px at full size).
        let svg = #"<svg xmlns="http://www.w3.org/2000/svg" height="432" viewBox="0 0 504 324" width="672"><text font-size="10">10<tspan font-size="8">3</tspan></text></svg>"#
        #expect(LegibleWidth.of(svg: svg) == 567)
        #expect(LegibleWidth.of(svg: #"<svg viewBox="0 0 10 10" width="20"><path d="M0 0h5"/></svg>"#) == nil)
        #expect(LegibleWidth.of(svg: #"<svg><text font-size="3">x</text></svg>"#) == nil)
    }

    @Test func githubAlertsBecomeCallouts() throws {
        let lecture = try Lecture(source: "> [!TIP]\n> Use *this*.\n\n> [!NOTE] not alone on its line\n\n> Plain quote.\n", path: "lectures/c.md")
        #expect(lecture.html.contains("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>\n<p>Use <em>this</em>.</p>\n</div>"))
        #expect(lecture.html.contains("<blockquote>\n<p>[!NOTE] not alone on its line</p>"))
        #expect(lecture.html.contains("<blockquote>\n<p>Plain quote.</p>"))
    }

    @Test func sectionsHoldTheProseForSearch() throws {
        let lecture = try Lecture(source: "Intro words.\n\n## First {#sec-one}\n\nSome *emphasised* text and $x^2$ math,\nover two lines.\n\n```swift\nlet hidden = 1\n```\n\n### Second\n\nMore.\n", path: "lectures/s.md")
        #expect(lecture.sections.map(\.id) == ["", "sec-one", "second"])
        #expect(lecture.sections[1].title == "First")
        #expect(lecture.sections[1].text == "First Some emphasised text and math, over two lines.")
        #expect(!lecture.sections.contains { $0.text.contains("hidden") }, "code blocks are not searched")
    }

    @Test func theCellsFileRunsWhatThePageRan() throws {
        let lecture = try Lecture(source: "---\nseed: 5\n---\n\n```swift\n//| label: a\nlet x = 1\n```\n\n```swift\n//| error: true\nlet y = [1][3]\n```\n\n```swift\n//| eval: false\nprint(\"not run\")\n```\n", path: "lectures/p.md")
        let source = StudentProgram(lecture: lecture).source
        #expect(source.contains("// seed: 5\n"))
        #expect(source.contains("\nlet x = 1\n") && !source.contains("//| label"))
        #expect(source.contains("// let y = [1][3]") && source.contains("// print(\"not run\")"))
        let back = try StudentProgram.lecture(ofSwift: source, path: "p.swift")
        #expect(back.seed == 5 && back.cells.count == 1 && back.cells[0].firstLine == 1)
        #expect(SitePath.page(for: "p.swift") == "p.html")
    }
}
