/// Figures made of images, as Quarto writes them:
/// `![Caption](img.png){#fig-x width=60% fig-alt="…"}` alone in a paragraph
/// is a captioned figure, sized as asked and numbered when its id is `fig-…`;
/// inside a `::: {#fig-x layout-ncol=2}` (or `layout="[[1,1],[1]]"`) div,
/// each image is a sub-figure, "(a)", "(b)", … referable as `@fig-x-a`, the
/// div's other paragraphs its caption, and the whole one numbered figure
/// (on a phone the grid becomes one column).
public struct ImageFigure: Sendable, Equatable {
    /// Its `fig-` id, when it is numbered.
    public var label: String?
    /// The sub-figure ids of a layout (`fig-x-a`, …), in order.
    public var subfigures: [String] = []
    public var line: Int

    /// A paragraph that is one image and its attributes: (`<img …/>` as
    /// cmark wrote it, its src, its alt text, the attribute text inside the braces).
    static func parse(paragraph html: String) -> (image: String, alt: String, attributes: String?)? {
        guard let match = html.wholeMatch(of: /<p>(<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? \/>)(\{[^{}]*\})?<\/p>\n?/) else { return nil }
        // cmark escaped the attribute text as HTML; the attribute reader wants it as written.
        let attributes = match.output.3.map { HTML.unescape(String($0)) }
        return (String(match.output.1), String(match.output.2), attributes)
    }

    /// A CSS length Quarto accepts for `width`/`height` (`60%`, `300px`, `4in`, `10em`), or nil.
    static func length(_ text: String?) -> String? {
        guard let text, text.wholeMatch(of: /[0-9]{1,4}(\.[0-9]+)?(%|px|em|rem|in|cm|mm)/) != nil else { return nil }
        return text
    }

    /// `img` with its alt text replaced by `alt` (fig-alt) and a style for the size asked.
    static func sized(_ img: String, alt: String?, attributes: [String: String]) -> String {
        var out = img
        if let alt {
            out = out.replacing(/alt="[^"]*"/, with: "alt=\"\(HTML.escape(alt))\"")
        }
        var style: [String] = []
        if let width = length(attributes["width"]) { style.append("width: \(width)") }
        if let height = length(attributes["height"]) { style.append("height: \(height)") }
        if !style.isEmpty { out = out.replacingOccurrences(of: " />", with: " style=\"\(style.joined(separator: "; "))\" />") }
        return out
    }

    /// A layout's grid: the number of columns and each image's span, from
    /// `layout-ncol`, `layout-nrow` (with the image count) or `layout`
    /// (rows of relative widths, `[[1,1],[1]]`, `[[70,30]]`).
    static func grid(_ attributes: [String: String], images: Int) -> (columns: Int, spans: [Int])? {
        if let layout = attributes["layout"] {
            let rows = layout.split(separator: "]").map { row in
                row.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.filter { $0 > 0 }
            }.filter { !$0.isEmpty }
            guard !rows.isEmpty else { return nil }
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let columns = rows.map { $0.reduce(0, +) }.reduce(1) { lcm, total in lcm / gcd(lcm, total) * total }
            guard columns <= 240 else { return nil }
            let spans = rows.flatMap { row in row.map { $0 * columns / row.reduce(0, +) } }
            return (columns, spans)
        }
        if let n = attributes["layout-ncol"].flatMap(Int.init), (1...12).contains(n) {
            return (n, Array(repeating: 1, count: images))
        }
        if let rows = attributes["layout-nrow"].flatMap(Int.init), (1...12).contains(rows), images > 0 {
            let n = (images + rows - 1) / rows
            return (n, Array(repeating: 1, count: images))
        }
        return nil
    }
}
