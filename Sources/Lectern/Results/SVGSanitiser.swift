import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Makes a figure's SVG safe to place inline in a page, so that its text can be
/// selected and found: the document is parsed as XML and written again with
/// only drawing elements and presentation attributes. Scripts, styles, links,
/// foreign objects, images, event handlers and `url(…)` references do not
/// survive; every text and attribute value is escaped again. An SVG that does
/// not parse gives nil, and the page falls back to an `<img>`.
enum SVGSanitiser {
    static let elements: Set<String> = ["svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                                        "text", "tspan", "title", "desc"]
    static let attributes: Set<String> = [
        "viewBox", "width", "height", "x", "y", "dx", "dy", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
        "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "xml:space",
        "preserveAspectRatio",
    ]
    /// Elements whose character data is shown.
    static let textElements: Set<String> = ["text", "tspan", "title", "desc"]

    /// What libxml2 reads at most in one text or attribute (its
    /// XML_MAX_TEXT_LENGTH); a larger figure cannot be checked, so it is
    /// not placed inline.
    static let largestChecked = 10_000_000

    /// A stored figure that is not shown starts with this, then says why.
    static let notShown = "<!--not shown: "

    /// What is stored for the figure `raw`: its sanitised form, or the
    /// reason it is not shown (too large to check, or not well-formed).
    static func stored(_ raw: String) -> String {
        if let safe = sanitised(raw) { return safe }
        let bytes = raw.utf8.count
        guard bytes > largestChecked else { return "" }
        let size = String(format: "%.1f MB", Double(bytes) / 1e6)
        return notShown + "its SVG is \(size), too large to check and place in a page (at most 10 MB); draw fewer points, e.g. thin or histogram the data-->"
    }

    /// The reason a stored figure (see `stored`) is not shown.
    static func reason(_ stored: String) -> String? {
        guard stored.hasPrefix(notShown), stored.hasSuffix("-->") else { return nil }
        return String(stored.dropFirst(notShown.count).dropLast(3))
    }

    /// The sanitised `<svg>` element, with `label` as its accessible name, or nil.
    static func inline(_ source: String, label: String) -> String? {
        sanitised(source).map { labelled($0, label: label) }
    }

    /// `svg` (a sanitised `<svg>` element) with `label` as its accessible name.
    static func labelled(_ svg: String, label: String) -> String {
        var svg = svg
        if let end = svg.firstIndex(of: ">") {
            svg.insert(contentsOf: " role=\"img\" aria-label=\"\(HTML.escape(label))\"", at: end)
        }
        return svg
    }

    /// The sanitised `<svg>` element without a label, or nil if `source` does not parse.
    static func sanitised(_ source: String) -> String? {
        let builder = Builder()
        let parser = XMLParser(data: Data(source.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        // Every element closed, in order (Foundation's parser on Linux lets some mismatches through).
        guard parser.parse(), builder.sawRoot, builder.skipDepth == 0, builder.balanced else { return nil }
        return builder.out
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var out = ""
        var sawRoot = false
        /// > 0 while inside an element that is dropped with everything in it.
        var skipDepth = 0
        private var open: [String] = []
        private var mismatched = false
        var balanced: Bool { open.isEmpty && !mismatched }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if skipDepth > 0 || !SVGSanitiser.elements.contains(name) || (!sawRoot && name != "svg") {
                skipDepth += 1
                return
            }
            var element = "<" + name
            if name == "svg" && !sawRoot {
                element += " xmlns=\"http://www.w3.org/2000/svg\""
                sawRoot = true
            }
            for key in attributes.keys.sorted() where SVGSanitiser.attributes.contains(key) {
                let value = attributes[key] ?? ""
                let lowered = value.lowercased()
                if lowered.contains("url(") || lowered.contains("javascript:") || lowered.contains("expression(") { continue }
                element += " \(key)=\"\(HTML.escape(value))\""
            }
            out += element + ">"
            open.append(name)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard skipDepth == 0, let current = open.last, SVGSanitiser.textElements.contains(current) else { return }
            out += HTML.escape(string)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            guard open.last == name else { mismatched = true; return }
            open.removeLast()
            out += "</\(name)>"
        }
    }
}
