import Foundation

/// Rewrites the SVG that PLplot's svg device writes into an SVG for the web:
///
/// - sized by `viewBox`, with `width`/`height` in CSS pixels (PLplot writes
///   points, which browsers draw 4/3 larger), so it scales to the column;
/// - runs of polylines with the same style merged into one `<path>` with
///   relative coordinates in tenths of a point (PLplot writes one element per
///   tick and per cell); translucent shapes stay separate elements, so that
///   overlapping markers still darken where points crowd;
/// - text kept as text, its characters as themselves (escaped), without the
///   per-label clip paths;
/// - the y flip applied to the coordinates instead of a group transform.
struct SVGCompactor {
    private let bytes: [UInt8]

    init(plplotSVG: String) {
        bytes = Array(plplotSVG.utf8)
    }

    /// Font stack: DejaVu Sans is what layout estimates widths for; the others are
    /// the common sans faces of the same metrics class.
    static let fontFamily = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"

    func svg() throws -> String {
        var reader = Reader(bytes: bytes)
        var width = 0.0, height = 0.0
        var out = Output()

        while let tag = reader.nextTag() {
            switch tag.name {
            case "svg":
                let box = (tag.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
                guard box.count == 4 else { throw FigureError.rendering("PLplot's SVG has no viewBox") }
                width = box[2]
                height = box[3]
                out.begin(width: width, height: height)
            case "polyline", "polygon":
                guard let points = tag.attributes["points"] else { continue }
                let fill = tag.attributes["fill"] ?? "none"
                if fill == "none" {
                    let style = Style(kind: .stroke, color: Self.color(tag.attributes["stroke"]),
                                      opacity: Self.number(tag.attributes["stroke-opacity"]),
                                      width: Self.number(tag.attributes["stroke-width"]))
                    out.add(Reader.points(points, height: height), style: style, closed: false)
                } else {
                    let style = Style(kind: .fill, color: Self.color(fill), opacity: Self.number(tag.attributes["fill-opacity"]), width: 0)
                    out.add(Reader.points(points, height: height), style: style, closed: true)
                }
            case "text":
                let inner = reader.text(until: "</text>")
                out.addText(tag.attributes, inner: inner, height: height)
            case "clipPath":
                _ = reader.text(until: "</clipPath>")
            default:
                continue  // <rect> background, <g> wrappers, declarations
            }
        }
        guard width > 0 else { throw FigureError.rendering("PLplot wrote no <svg> element") }
        return out.finish()
    }

    /// `#RRGGBB` in lower case, shortened to `#rgb` where that is exact.
    static func color(_ value: String?) -> String {
        let v = (value ?? "#000000").lowercased()
        let c = Array(v)
        if c.count == 7, c[1] == c[2], c[3] == c[4], c[5] == c[6] { return "#" + String([c[1], c[3], c[5]]) }
        return v
    }

    static func number(_ value: String?) -> Double {
        value.flatMap(Double.init) ?? 1
    }

    /// `x` with at most `decimals` decimals, no trailing zeros and no leading zero.
    static func short(_ x: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text.hasPrefix("0.") { text.removeFirst() }
        if text.hasPrefix("-0.") { text = "-" + text.dropFirst(2) }
        return text == "-0" || text.isEmpty ? "0" : text
    }
}

/// How a shape is painted; shapes with equal styles share one `<path>`.
private struct Style: Equatable {
    enum Kind { case stroke, fill }
    var kind: Kind
    var color: String
    var opacity: Double
    var width: Double

    var translucent: Bool { opacity < 0.999 }

    var attributes: String {
        switch kind {
        case .stroke:
            " fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(SVGCompactor.short(width))\""
                + (translucent ? " stroke-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\"" : "")
        case .fill:
            " fill=\"\(color)\"" + (translucent ? " fill-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\"" : "")
        }
    }
}

/// The rewritten document, built as it is read.
private struct Output {
    private var text = ""
    private var open: Style?
    /// Whether the open style is a group of separate paths (translucent shapes).
    private var grouped = false
    private var path = PathData()

    mutating func begin(width: Double, height: Double) {
        let w = SVGCompactor.short(width), h = SVGCompactor.short(height)
        text.reserveCapacity(1 << 16)
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(SVGCompactor.short(width * 4 / 3, decimals: 1))\" height=\"\(SVGCompactor.short(height * 4 / 3, decimals: 1))\""
        text += " font-family=\"\(SVGCompactor.fontFamily)\" xml:space=\"preserve\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n"
        text += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    }

    mutating func add(_ points: [(Int, Int)], style: Style, closed: Bool) {
        guard !points.isEmpty else { return }
        if style != open {
            flush()
            open = style
            grouped = style.translucent
            if grouped { text += "<g\(style.attributes)>" }
        }
        if grouped {
            var single = PathData()
            single.add(points, closed: closed)
            text += "<path d=\"\(single.text)\"/>"
        } else {
            path.add(points, closed: closed)
        }
    }

    mutating func addText(_ attributes: [String: String], inner: String, height: Double) {
        flush()
        let size = Double(attributes["font-size"] ?? "") ?? 10
        let m = (attributes["transform"] ?? "")
            .replacingOccurrences(of: "matrix(", with: "").replacingOccurrences(of: ")", with: "")
            .split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        let x0 = Double(attributes["x"] ?? "") ?? 0, y0 = Double(attributes["y"] ?? "") ?? 0
        var element = "<text"
        if m.count == 6 {
            // The page's y flip composed with the text's own matrix.
            let (a, b, c, d, e, f) = (m[0], -m[1], m[2], -m[3], m[4], height - m[5])
            if abs(a - 1) < 1e-6, abs(b) < 1e-6, abs(c) < 1e-6, abs(d - 1) < 1e-6 {
                element += " x=\"\(SVGCompactor.short(e + x0, decimals: 1))\" y=\"\(SVGCompactor.short(f + y0, decimals: 1))\""
            } else {
                element += " transform=\"matrix(\([a, b, c, d].map { SVGCompactor.short($0, decimals: 4) }.joined(separator: " ")) \(SVGCompactor.short(e, decimals: 1)) \(SVGCompactor.short(f, decimals: 1)))\""
                if x0 != 0 { element += " x=\"\(SVGCompactor.short(x0, decimals: 1))\"" }
                if y0 != 0 { element += " y=\"\(SVGCompactor.short(y0, decimals: 1))\"" }
            }
        }
        element += " font-size=\"\(SVGCompactor.short(size, decimals: 1))\""
        if let anchor = attributes["text-anchor"], anchor != "start" { element += " text-anchor=\"\(anchor)\"" }
        let fill = SVGCompactor.color(attributes["fill"])
        if fill != "#000" { element += " fill=\"\(fill)\"" }
        if let opacity = attributes["fill-opacity"].flatMap(Double.init), opacity < 0.999 {
            element += " fill-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\""
        }
        text += element + ">" + Output.textContent(inner) + "</text>\n"
    }

    /// PLplot's text markup with its numeric character references decoded (and
    /// `&`, `<`, `>` escaped again), the default font attributes dropped, the
    /// outer span unwrapped and sub/superscript shifts rounded.
    static func textContent(_ inner: String) -> String {
        var s = inner.replacingOccurrences(of: " font-family=\"sans-serif\" font-style=\"normal\" font-weight=\"normal\"", with: "")
        if s.hasPrefix("<tspan>"), s.hasSuffix("</tspan>") {
            s = String(s.dropFirst(7).dropLast(8))
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "&", s[i...].hasPrefix("&#x"), let end = s[i...].firstIndex(of: ";"),
               let code = UInt32(s[s.index(i, offsetBy: 3)..<end], radix: 16), let scalar = Unicode.Scalar(code) {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                default: out.unicodeScalars.append(scalar)
                }
                i = s.index(after: end)
            } else if c == "<", let end = s[i...].firstIndex(of: ">") {
                // A <tspan …> or </tspan> of PLplot's: keep, with dy rounded.
                var tag = String(s[i...end])
                if let dy = tag.range(of: #"dy="[-0-9.e]+""#, options: .regularExpression) {
                    let value = Double(tag[dy].dropFirst(4).dropLast()) ?? 0
                    tag.replaceSubrange(dy, with: "dy=\"\(SVGCompactor.short(value, decimals: 1))\"")
                }
                out += tag
                i = s.index(after: end)
            } else {
                out.append(c)
                i = s.index(after: i)
            }
        }
        return out
    }

    private mutating func flush() {
        guard let style = open else { return }
        if grouped {
            text += "</g>\n"
        } else if !path.text.isEmpty {
            text += "<path\(style.attributes) d=\"\(path.text)\"/>\n"
        }
        path = PathData()
        open = nil
        grouped = false
    }

    mutating func finish() -> String {
        flush()
        return text + "</svg>\n"
    }
}

/// Path data in tenths of a point: the first move absolute, everything after
/// relative, with `h`/`v` for axis-parallel steps and repeated commands left out.
private struct PathData {
    private(set) var text = ""
    private var current = (0, 0)
    /// The command that a bare number pair would continue (nil: none may be left out).
    private var implicit: Character?
    /// Whether the last thing written was a number, and whether it had a decimal point.
    private var afterNumber = false
    private var lastHadDot = false

    mutating func add(_ points: [(Int, Int)], closed: Bool) {
        var pts = points
        if closed, pts.count > 1, pts[pts.count - 1] == pts[0] { pts.removeLast() }
        guard let first = pts.first else { return }
        if text.isEmpty {
            command("M")
            number(first.0)
            number(first.1)
            implicit = nil  // pairs after M would be absolute
        } else {
            command("m")
            number(first.0 - current.0)
            number(first.1 - current.1)
            implicit = "l"  // pairs after m are relative lines
        }
        current = first
        var drew = false
        for p in pts.dropFirst() where p != current {
            let (dx, dy) = (p.0 - current.0, p.1 - current.1)
            if dy == 0 {
                command("h")
                number(dx)
            } else if dx == 0 {
                command("v")
                number(dy)
            } else {
                command("l")
                number(dx)
                number(dy)
            }
            current = p
            drew = true
        }
        if closed {
            command("z")
            current = first
        } else if !drew {
            command("h")  // a dot: a zero-length stroke that round caps draw
            number(0)
        }
    }

    private mutating func command(_ c: Character) {
        if c == implicit && c != "z" { return }
        text.append(c)
        implicit = c == "z" ? nil : c
        afterNumber = false
    }

    /// Writes a number of tenths, with a separator only where one is needed.
    private mutating func number(_ tenths: Int) {
        let magnitude = abs(tenths)
        let whole = magnitude / 10, fraction = magnitude % 10
        var token = tenths < 0 ? "-" : ""
        if whole != 0 || fraction == 0 { token += String(whole) }
        if fraction != 0 { token += "." + String(fraction) }
        if afterNumber && tenths >= 0 && !(lastHadDot && token.first == ".") { text.append(" ") }
        text += token
        afterNumber = true
        lastHadDot = fraction != 0
    }
}

/// A forward reader over PLplot's SVG: tags with their attributes, and raw text.
private struct Reader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    struct Tag {
        var name: String
        var attributes: [String: String]
    }

    /// The next start tag (end tags, declarations and comments are passed over).
    mutating func nextTag() -> Tag? {
        while position < bytes.count {
            guard let lt = bytes[position...].firstIndex(of: UInt8(ascii: "<")) else { position = bytes.count; return nil }
            position = lt + 1
            guard position < bytes.count else { return nil }
            let first = bytes[position]
            if first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "!") {
                if let gt = bytes[position...].firstIndex(of: UInt8(ascii: ">")) { position = gt + 1 }
                continue
            }
            var end = position
            while end < bytes.count, !Reader.isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "/") { end += 1 }
            let name = String(decoding: bytes[position..<end], as: UTF8.self)
            position = end
            var attributes: [String: String] = [:]
            while position < bytes.count {
                while position < bytes.count, Reader.isSpace(bytes[position]) { position += 1 }
                guard position < bytes.count else { break }
                if bytes[position] == UInt8(ascii: ">") { position += 1; break }
                if bytes[position] == UInt8(ascii: "/") { position += 1; continue }
                var eq = position
                while eq < bytes.count, bytes[eq] != UInt8(ascii: "="), bytes[eq] != UInt8(ascii: ">") { eq += 1 }
                guard eq < bytes.count, bytes[eq] == UInt8(ascii: "=") else { position = eq; continue }
                let key = String(decoding: bytes[position..<eq], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                var q = eq + 1
                while q < bytes.count, bytes[q] != UInt8(ascii: "\"") { q += 1 }
                guard q < bytes.count, let close = bytes[(q + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { position = bytes.count; break }
                attributes[key] = String(decoding: bytes[(q + 1)..<close], as: UTF8.self)
                position = close + 1
            }
            return Tag(name: name, attributes: attributes)
        }
        return nil
    }

    /// The raw text up to `terminator`, which is consumed.
    mutating func text(until terminator: String) -> String {
        let t = Array(terminator.utf8)
        var i = position
        while i + t.count <= bytes.count {
            if bytes[i] == t[0], Array(bytes[i..<(i + t.count)]) == t {
                let text = String(decoding: bytes[position..<i], as: UTF8.self)
                position = i + t.count
                return text
            }
            i += 1
        }
        let text = String(decoding: bytes[position...], as: UTF8.self)
        position = bytes.count
        return text
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 9 || b == 13 }

    /// `x,y x,y …` in points, as tenths of a point with y measured down from the top.
    static func points(_ text: String, height: Double) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        let flip = Int((height * 10).rounded())
        var pending: Int?
        var utf8 = text.utf8[...]
        while let value = nextNumber(&utf8) {
            if let x = pending {
                result.append((x, flip - value))
                pending = nil
            } else {
                pending = value
            }
        }
        return result
    }

    /// The next decimal number, in tenths (rounded half away from zero).
    private static func nextNumber(_ s: inout Substring.UTF8View) -> Int? {
        while let c = s.first, !(c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || (c >= 48 && c <= 57)) { s.removeFirst() }
        guard !s.isEmpty else { return nil }
        var negative = false
        if s.first == UInt8(ascii: "-") { negative = true; s.removeFirst() }
        var whole = 0
        while let c = s.first, c >= 48, c <= 57 { whole = whole * 10 + Int(c - 48); s.removeFirst() }
        var hundredths = 0, digits = 0
        if s.first == UInt8(ascii: ".") {
            s.removeFirst()
            while let c = s.first, c >= 48, c <= 57 {
                if digits < 2 { hundredths = hundredths * 10 + Int(c - 48) }
                digits += 1
                s.removeFirst()
            }
        }
        if digits == 1 { hundredths *= 10 }
        let total = whole * 100 + hundredths
        let tenths = (total + 5) / 10
        return negative ? -tenths : tenths
    }
}
