import Testing
@testable import Lectern

@Suite struct MathProtectionTests {
    func render(_ markdown: String) -> String {
        let math = MathProtection(markdown)
        return math.restore(in: Markdown(math.text).html())
    }

    @Test func subscriptsInMathAreNotEmphasis() {
        let html = render("Here $a_1 b_2$ and $x_i * y_j$.")
        #expect(html.contains(#"<span class="math inline">\(a_1 b_2\)</span>"#))
        #expect(html.contains(#"\(x_i * y_j\)"#))
        #expect(!html.contains("<em>"))
    }

    @Test func displayMathParagraphBecomesADiv() {
        let html = render("Text.\n\n$$\n\\sum_{i=1}^n x_i < y\n$$\n\nMore.")
        #expect(html.contains("<div class=\"math display\">\\[\n\\sum_{i=1}^n x_i &lt; y\n\\]</div>"), "\(html)")
    }

    @Test func codeAndEscapedDollarsAreLeftAlone() {
        let html = render("Cost `$a_1$` and \\$5, and $5 or $6.\n\n```\nlet s = \"$x_1$\"\n```\n")
        #expect(html.contains("<code>$a_1$</code>"))
        #expect(html.contains("$5"))
        #expect(html.contains("let s = &quot;$x_1$&quot;"))
        #expect(!html.contains("math"))
    }

    @Test func multiLineMathKeepsLaterLineNumbers() {
        let source = "Intro $$a\nb\nc$$ end.\n\n```swift\nlet x = 1\n```\n"
        let math = MathProtection(source)
        let block = Markdown(math.text).nodes().first { if case .codeBlock = $0.kind { true } else { false } }
        #expect(block?.line == 5)
        #expect(math.text.split(separator: "\n", omittingEmptySubsequences: false).count
                == source.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test func gfmExtensionsWork() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ https://example.org\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n")
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"https://example.org\">"))
        #expect(html.contains("type=\"checkbox\""))
        #expect(html.contains("footnote"))
    }
}
