import Foundation
import Synchronization
import Testing
@testable import Lectern

/// Math as part of the parse: each case is Markdown, the formulas expected
/// (TeX byte for byte, inline or display), what must stay code and what must
/// stay text. Categories: Pandoc's dollar rules, code of every kind and
/// container, raw HTML, link destinations, titles and labels, autolinks,
/// block boundaries, container markers, braces, headings, and the GFM
/// extensions around it.
@Suite struct MathTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var markdown: String
        var math: [String]
        var code: [String] = []
        var text: [String] = []
        var testDescription: String { markdown.replacingOccurrences(of: "\n", with: "⏎") }
    }

    /// The lecture's formulas (display ones marked `$$…$$`) and its page HTML.
    static func parse(_ markdown: String) throws -> (math: [String], html: String) {
        let lecture = try Lecture(source: markdown, path: "lectures/m.md")
        let math = lecture.math.map { $0.display ? "$$" + $0.tex + "$$" : $0.tex }
        let page = Page(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: .init(fileURLWithPath: "/")))
        return (math, page.html)
    }

    static let cases: [Case] = [
        // Pandoc's dollar rules (as before).
        Case(markdown: "Here $a_1 b_2$ and $x_i * y_j$.", math: ["a_1 b_2", "x_i * y_j"], text: ["Here "]),
        Case(markdown: "Costs $5 or $6.", math: [], text: ["Costs $5 or $6."]),
        Case(markdown: "From $ a$ to $b $.", math: [], text: ["From $ a$ to $b $."]),
        Case(markdown: "Price $x$5 then $y$.", math: ["y"], text: ["Price $x$5 then "]),
        Case(markdown: "Escaped \\$x\\$ stays.", math: [], text: ["Escaped $x$ stays."]),
        Case(markdown: "$$\n\\sum_{i=1}^n x_i < y\n$$", math: ["$$\n\\sum_{i=1}^n x_i < y\n$$"]),
        Case(markdown: "Inline $$a+b$$ display.", math: ["$$a+b$$"]),
        Case(markdown: "Empty $$$$ is text.", math: [], text: ["$$$$"]),
        // Code of every kind and in every container.
        Case(markdown: "Cost `$a_1$` here.", math: [], code: ["<code>$a_1$</code>"]),
        Case(markdown: "    let s = \"$x_1$\"\n", math: [], code: ["let s = &quot;$x_1$&quot;"]),
        Case(markdown: "```\n$x$\n```\n\nThen $y$.", math: ["y"], code: ["<code>$x$\n</code>"]),
        Case(markdown: "> ~~~\n> $x_1$\n> ~~~\n\nAfter $y$.", math: ["y"], code: ["<code>$x_1$\n</code>"]),
        Case(markdown: "- ```\n  $a$\n  ```\n- item $b$\n\nLater $c$ in prose.", math: ["b", "c"], code: ["$a$"]),
        Case(markdown: "<pre>\n$x_1$\n</pre>\n\nProse $y$.", math: ["y"], code: ["<pre>\n$x_1$\n</pre>"]),
        // Raw HTML, link destinations, titles, labels, autolinks.
        Case(markdown: "<span title=\"$x$\">$y$</span>", math: ["y"], text: ["<span title=\"$x$\">"]),
        Case(markdown: "[link](https://x.org/?$filter=a&$top=10)", math: [], text: ["href=\"https://x.org/?$filter=a&amp;$top=10\""]),
        Case(markdown: "[a](/u \"t $x$ t\") and $y$", math: ["y"], text: ["title=\"t $x$ t\""]),
        Case(markdown: "<https://x.org/$a$b$>", math: [], text: ["href=\"https://x.org/$a$b$\""]),
        Case(markdown: "[ref $x$][lab]\n\n[lab]: https://e.org/u?$q$", math: ["x"], text: ["href=\"https://e.org/u?$q$\""]),
        Case(markdown: "[text with $x$](https://e.org/u)", math: ["x"], text: ["<a href=\"https://e.org/u\">text with "]),
        // Never across blocks; container markers stripped.
        Case(markdown: "- costs $20\n- and 25$ more", math: [], text: ["<li>costs $20</li>", "<li>and 25$ more</li>"]),
        Case(markdown: "One $a\n\nb$ two.", math: [], text: ["One $a", "b$ two."]),
        Case(markdown: "> $a\n> b$", math: ["a\nb"]),
        Case(markdown: "> $a\n> + b$", math: [], text: ["<li>+ b$</li>"].map { $0.replacingOccurrences(of: "+ ", with: "") }),
        Case(markdown: "> $$\n> x\n> $$", math: ["$$\nx\n$$"]),
        // Braces balanced.
        Case(markdown: "$\\text{if $x>0$}$ done", math: ["\\text{if $x>0$}"]),
        // Emphasis and underscores inside math are TeX.
        Case(markdown: "*em $a*b$ em*", math: ["a*b"]),
        // Delimiters that are not Lectern's stay text.
        Case(markdown: "\\\\(z^2\\\\)", math: [], text: ["\\(z^2\\)"]),
    ]

    @Test(arguments: cases) func mathIsFoundOnlyWhereTextIs(_ c: Case) throws {
        let (math, html) = try Self.parse(c.markdown)
        #expect(math == c.math, "\(html)")
        for code in c.code { #expect(html.contains(code), "code stays code: \(code)\n\(html)") }
        for text in c.text { #expect(html.contains(text), "text stays text: \(text)\n\(html)") }
    }

    @Test func headingsAndTitlesKeepTheirMath() throws {
        let lecture = try Lecture(source: "## The $\\beta$ function\n\nText.\n", path: "lectures/h.md")
        #expect(lecture.headings.first?.text == "The $\\beta$ function")
        #expect(lecture.math.map(\.tex) == ["\\beta"])
        #expect(MathHTML.formulas(inPlainText: "A $\\theta$ title").map(\.tex) == ["\\theta"])
        #expect(MathText.readable(prose: "A $\\theta$ title") == "A θ title")
    }

    @Test func labelledEquationsAreNumbered() throws {
        let lecture = try Lecture(source: "$$\na\n$$ {#eq-one}\n\n$$b$$\n\n$$\nc\n$$ {#eq-two}\n", path: "lectures/e.md")
        #expect(lecture.equations.map(\.label) == ["eq-one", "eq-two"])
        #expect(lecture.equations.map(\.number) == [1, 2])
        #expect(lecture.equations.map(\.line) == [1, 7])
    }

    @Test func lineNumbersSurviveMultiLineMath() throws {
        let lecture = try Lecture(source: "Intro $$a\nb\nc$$ end.\n\n```swift\nlet x = 1\n```\n", path: "lectures/l.md")
        #expect(lecture.cells.first?.firstLine == 6)
    }

    /// A `\text` that a script wrote as a tab and `ext` is named, at its
    /// line, with the command to type; a tab that indents display math is not.
    @Test func aLostBackslashEscapeIsNamed() throws {
        let lost = try Lecture(source: "Text.\n\n$$\np(x_{\u{09}ext{part}}) = 1,\n\\quad \u{08}eta\n$$\n", path: "lectures/t.md")
        let said = lost.warnings.map(\.description)
        #expect(said.count == 1)
        #expect(said.first?.contains("lectures/t.md:4") == true, "\(said)")
        #expect(said.first?.contains("'\\text'") == true, "\(said)")
        let indented = try Lecture(source: "$$\n\u{09}a = b \\quad \\text{ok}\n$$\n", path: "lectures/i.md")
        #expect(indented.warnings.isEmpty, "\(indented.warnings)")
    }

    @Test func gfmStillWorksAroundMath() throws {
        let (_, html) = try Self.parse("| a | b |\n|---|---|\n| $x$ | 2 |\n\n~~gone~~ and H~2~O https://example.org\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n")
        #expect(html.contains("<table>") && html.contains("<del>gone</del>") && html.contains("H~2~O"))
        #expect(html.contains("<a href=\"https://example.org\">") && html.contains("checked=\"\"") && html.contains("footnote"))
    }

    /// cmark-gfm's table of inline special characters is process-wide; parses
    /// on many threads at once must each still find their math and strikethrough.
    @Test func parsesOnManyThreadsAtOnceFindTheirMath() {
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            let source = String(repeating: "Words and $x_\(i)$ and ~~gone~~ here. ", count: 20) + "\n\n| a |\n|---|\n| $y$ |\n"
            guard let lecture = try? Lecture(source: source, path: "lectures/t\(i).md"),
                  lecture.math.count == 21, lecture.html.contains("<del>gone</del>"), lecture.html.contains("<table>") else {
                failures.withLock { $0 += 1 }
                return
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }

    @Test func theTagFilterIsOn() throws {
        let (_, html) = try Self.parse("Before <title>x</title> and <xmp>y</xmp> after.\n")
        #expect(html.contains("&lt;title>") && html.contains("&lt;xmp>") && html.contains("after."))
    }

    /// Replacing `foo` by `$foo$` in prose gives math, and nowhere else.
    @Test func dollarsAroundAWordInEveryContext() throws {
        let contexts: [(String, Int)] = [
            ("$foo$", 1), ("*$foo$*", 1), ("[$foo$](/u)", 1), ("`$foo$`", 0), ("    $foo$", 0), ("<a href=\"$foo$\">x</a>", 0),
            ("[x](/$foo$)", 0), ("![alt $foo$](/i.png)", 1), ("# $foo$", 1), ("> $foo$", 1), ("- $foo$", 1), ("| $foo$ |\n|---|", 1),
            ("<!-- $foo$ -->", 0), ("<div>\n$foo$\n</div>", 0), ("~~~\n$foo$\n~~~", 0), ("[$foo$]: /u\n\n[$foo$]", 1),
        ]
        for (markdown, count) in contexts {
            let lecture = try Lecture(source: markdown + "\n", path: "lectures/d.md")
            #expect(lecture.math.count == count, "\(markdown)")
        }
        let (_, alt) = try Self.parse("![alt $foo$](/i.png)\n")
        #expect(alt.contains("alt=\"alt foo\""), "math in alt text is its TeX: \(alt)")
    }
}
