import Foundation
import Testing
@testable import Lectern

/// Figures go inline into pages: nothing in them may run or load.
@Suite struct SVGSanitiserTests {
    @Test func drawingAndTextSurvive() throws {
        let svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="13"><path d="M0 0h5" stroke="#000"/><text x="1" y="2" font-size="3">m<tspan dy="1">γγ</tspan> [GeV]</text></svg>"##
        let inline = try #require(SVGSanitiser.inline(svg, label: "a \"figure\""))
        #expect(inline.hasPrefix(##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="13" role="img" aria-label="a &quot;figure&quot;">"##))
        #expect(inline.contains(##"<path d="M0 0h5" stroke="#000"></path>"##))
        #expect(inline.contains("m<tspan dy=\"1\">γγ</tspan> [GeV]</text>"))
    }

    @Test func scriptsHandlersLinksAndStylesAreDropped() throws {
        let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 1 1">
        <script>alert(2)</script><style>* { background: url(http://x) }</style>
        <a href="javascript:alert(3)"><text>link</text></a>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
        <image href="http://tracker/x.png"/><use xlink:href="#p"/>
        <rect width="1" height="1" fill="url(#g)" onclick="alert(4)" stroke="red"/>
        <text>&lt;script&gt;not markup&lt;/script&gt;</text>
        </svg>
        """
        let inline = try #require(SVGSanitiser.inline(svg, label: "x"))
        for banned in ["onload", "onclick", "<script", "<style", "alert", "<a ", "href", "foreignObject", "<image", "<use", "url(", "<div"] {
            #expect(!inline.contains(banned), "\(banned) survived: \(inline)")
        }
        #expect(inline.contains(##"<rect height="1" stroke="red" width="1"></rect>"##))
        #expect(inline.contains("&lt;script&gt;not markup&lt;/script&gt;"))
    }

    @Test func whatDoesNotParseIsNotInlined() {
        #expect(SVGSanitiser.inline("<svg><path></svg>", label: "x") == nil)
        #expect(SVGSanitiser.inline("not xml", label: "x") == nil)
        #expect(SVGSanitiser.inline(##"<html><svg viewBox="0 0 1 1"/></html>"##, label: "x") == nil)
    }
}
