import Testing
@testable import Lectern

/// Math as readable text, and the search's text read from a rendered page.
struct SearchTextTests {
    @Test func mathReadsAsText() {
        #expect(MathText.readable(tex: "\\bar{x}_n") == "x̄ₙ")
        #expect(MathText.readable(tex: "\\hat\\theta \\le 2\\sigma^2") == "θ̂ ≤ 2σ²")
        #expect(MathText.readable(tex: "\\frac{1}{\\sqrt{2\\pi}}") == "1/√(2π)")
        #expect(MathText.readable(tex: "p(\\theta \\mid x) \\propto p(x \\mid \\theta)\\, p(\\theta)") == "p(θ | x) ∝ p(x | θ) p(θ)")
        #expect(MathText.readable(tex: "\\mathrm{Beta}(47, 7)") == "Beta(47, 7)")
        #expect(MathText.readable(tex: "x_{\\text{max}}") == "xₘₐₓ")
        #expect(MathText.readable(tex: "x_{\\text{signal}}") == "x_(signal)")
        #expect(MathText.readable(tex: "\\left( a \\right.") == "( a")
        #expect(MathText.readable(tex: "e^{2\\alpha_m}") == "e^(2αₘ)")
        #expect(MathText.readable(tex: "\\log L") == "log L")
        // Unknown commands keep their name; nothing raw is left.
        #expect(MathText.readable(tex: "\\mathscr{L}") == "mathscrL")
        #expect(MathText.readable(prose: "The mean $\\bar{x}_n$ of $n = 50$ boxes") == "The mean x̄ₙ of n = 50 boxes")
    }

    @Test func sectionsHaveValuesCaptionsTablesMathAndCode() {
        let html = """
        <p>Intro with <span class="inline-value">0.87</span>.</p>
        <h2 id="fit">The <span class="math inline"><span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">\\bar{x}</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span>x̄ junk</span></span></span></span> fit</h2>
        <p>The slope is <span class="inline-value">1.25</span>, see <a class="xref" href="#tbl-a">Table&nbsp;2</a> &amp; more.</p>
        <div class="cell"><pre class="code"><code><span class="kw">let</span> residual = fit(x)</code></pre>
        <figure id="fig-a"><div class="figure-scroll"><svg><text>axis junk</text></svg></div><span class="scroll-hint" aria-hidden="true">scroll</span><figcaption><span class="figure-number">Figure 1</span>: The residuals by distance <a class="figure-file" href="#" hidden data-file="a.svg">SVG</a></figcaption></figure>
        <div class="table-wrap"><table><thead><tr><td></td><th>slope</th></tr></thead><tbody><tr><td>OLS</td><td class="num">0.91</td></tr></tbody></table></div></div>
        <!-- a comment <h2 id="no"> -->
        <h3 id="next">Next</h3><p>Done.</p>
        """
        let sections = SearchText.sections(of: html)
        #expect(sections.map(\.id) == ["", "fit", "next"])
        #expect(sections[0].text == "Intro with 0.87.")
        #expect(sections[1].title == "The x̄ fit")
        #expect(sections[1].text == "The slope is 1.25, see Table\u{A0}2 & more. Figure 1: The residuals by distance slope OLS 0.91")
        #expect(sections[1].code == "let residual = fit(x)")
        #expect(sections[2].text == "Done.")
    }
}
