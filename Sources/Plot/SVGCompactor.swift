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
///
/// It works on bytes: PLplot's output for a 100 × 100 heat map is 1.5 MB.
struct SVGCompactor {
    private let bytes: [UInt8]

    init(plplotSVG: String) {
        bytes = Array(plplotSVG.utf8)
    }

    /// Font stack: DejaVu Sans is the face layout measures (`FontMetrics`); the others are
    /// the common sans faces of the same metrics class.
    static let fontFamily = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"

    func svg() throws -> String {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer)
            var out = Output()
            var height = 0.0
            var began = false
            while let tag = reader.nextTag() {
                switch tag.name {
                case .svg:
                    let box = (tag.string("viewBox") ?? "").split(separator: " ").compactMap { Double($0) }
                    guard box.count == 4 else { throw FigureError.rendering("PLplot's SVG has no viewBox") }
                    height = box[3]
                    out.begin(width: box[2], height: height)
                    began = true
                case .polyline:
                    guard let points = tag.range("points") else { continue }
                    let flip = Int((height * 10).rounded())
                    if let fill = tag.range("fill"), !reader.equals(fill, "none") {
                        let style = Style(kind: .fill, color: reader.color(fill), opacity: tag.number("fill-opacity") ?? 1, width: 0)
                        out.add(reader.points(points, flip: flip), style: style, closed: true)
                    } else {
                        let style = Style(kind: .stroke, color: tag.range("stroke").map(reader.color) ?? 0,
                                          opacity: tag.number("stroke-opacity") ?? 1, width: tag.number("stroke-width") ?? 1)
                        out.add(reader.points(points, flip: flip), style: style, closed: false)
                    }
                case .text:
                    let inner = reader.text(until: "</text>")
                    out.addText(tag.strings(), inner: inner, height: height)
                case .clipPath:
                    _ = reader.text(until: "</clipPath>")
                case .other:
                    continue  // <rect> background, <g> wrappers, declarations
                }
            }
            guard began else { throw FigureError.rendering("PLplot wrote no <svg> element") }
            return out.finish()
        }
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

    /// Black is ink: `currentColor`, so that a page's theme can recolour axes,
    /// ticks, text and black marks (a standalone SVG still draws them black);
    /// every other colour is data and stays as it is.
    static func paint(_ rgb: UInt32) -> String { rgb == 0 ? "currentColor" : hex(rgb) }

    /// `#rrggbb`, shortened to `#rgb` where that is exact.
    static func hex(_ rgb: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        let n = (0..<6).map { digits[Int((rgb >> (20 - 4 * UInt32($0))) & 15)] }
        if n[0] == n[1], n[2] == n[3], n[4] == n[5] { return "#" + String([n[0], n[2], n[4]]) }
        return "#" + String(n)
    }
}

/// How a shape is painted; shapes with equal styles share one `<path>`.
private struct Style: Equatable {
    enum Kind { case stroke, fill }
    var kind: Kind
    var color: UInt32
    var opacity: Double
    var width: Double

    var translucent: Bool { opacity < 0.999 }

    var attributes: String {
        switch kind {
        case .stroke:
            " fill=\"none\" stroke=\"\(SVGCompactor.paint(color))\" stroke-width=\"\(SVGCompactor.short(width))\""
                + (translucent ? " stroke-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\"" : "")
        case .fill:
            " fill=\"\(SVGCompactor.paint(color))\"" + (translucent ? " fill-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\"" : "")
        }
    }
}

/// The rewritten document, built as it is read, as bytes.
private struct Output {
    private var bytes: [UInt8] = []
    private var open: Style?
    /// Whether the open style is a group of separate paths (translucent shapes).
    private var grouped = false
    private var path = PathData()

    mutating func begin(width: Double, height: Double) {
        bytes.reserveCapacity(1 << 17)
        let w = SVGCompactor.short(width), h = SVGCompactor.short(height)
        append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(SVGCompactor.short(width * 4 / 3, decimals: 1))\" height=\"\(SVGCompactor.short(height * 4 / 3, decimals: 1))\"")
        append(" font-family=\"\(SVGCompactor.fontFamily)\" fill=\"currentColor\" xml:space=\"preserve\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n")
        append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n")
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func add(_ points: [(Int, Int)], style: Style, closed: Bool) {
        guard !points.isEmpty else { return }
        if style != open {
            flush()
            open = style
            grouped = style.translucent
            append(grouped ? "<g\(style.attributes)>" : "<path\(style.attributes) d=\"")
        }
        if grouped {
            append("<path d=\"")
            var single = PathData()
            single.add(points, closed: closed, to: &bytes)
            append("\"/>")
        } else {
            path.add(points, closed: closed, to: &bytes)
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
        let fill = (attributes["fill"] ?? "#000000").lowercased()
        let rgb = UInt32(fill.dropFirst(), radix: 16) ?? 0
        if rgb != 0 { element += " fill=\"\(SVGCompactor.hex(rgb))\"" }
        if let opacity = attributes["fill-opacity"].flatMap(Double.init), opacity < 0.999 {
            element += " fill-opacity=\"\(SVGCompactor.short(opacity, decimals: 3))\""
        }
        append(element + ">" + Output.textContent(inner) + "</text>\n")
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
        guard open != nil else { return }
        append(grouped ? "</g>\n" : "\"/>\n")
        path = PathData()
        open = nil
        grouped = false
    }

    mutating func finish() -> String {
        flush()
        append("</svg>\n")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Path data in tenths of a point: the first move absolute, everything after
/// relative, with `h`/`v` for axis-parallel steps and repeated commands left out.
private struct PathData {
    private var started = false
    private var current = (0, 0)
    /// The command that a bare number would continue (0: none may be left out).
    private var implicit: UInt8 = 0
    /// Whether the last thing written was a number, and whether it had a decimal point.
    private var afterNumber = false
    private var lastHadDot = false

    mutating func add(_ points: [(Int, Int)], closed: Bool, to out: inout [UInt8]) {
        var count = points.count
        if closed, count > 1, points[count - 1] == points[0] { count -= 1 }
        guard count > 0 else { return }
        let first = points[0]
        if !started {
            command(UInt8(ascii: "M"), &out)
            number(first.0, &out)
            number(first.1, &out)
            implicit = 0  // pairs after M would be absolute
            started = true
        } else {
            command(UInt8(ascii: "m"), &out)
            number(first.0 - current.0, &out)
            number(first.1 - current.1, &out)
            implicit = UInt8(ascii: "l")  // pairs after m are relative lines
        }
        current = first
        var drew = false
        for k in 1..<max(1, count) {
            let p = points[k]
            if p == current { continue }
            let (dx, dy) = (p.0 - current.0, p.1 - current.1)
            if dy == 0 {
                command(UInt8(ascii: "h"), &out)
                number(dx, &out)
            } else if dx == 0 {
                command(UInt8(ascii: "v"), &out)
                number(dy, &out)
            } else {
                command(UInt8(ascii: "l"), &out)
                number(dx, &out)
                number(dy, &out)
            }
            current = p
            drew = true
        }
        if closed {
            out.append(UInt8(ascii: "z"))
            implicit = 0
            afterNumber = false
            current = first
        } else if !drew {
            command(UInt8(ascii: "h"), &out)  // a dot: a zero-length stroke that round caps draw
            number(0, &out)
        }
    }

    private mutating func command(_ c: UInt8, _ out: inout [UInt8]) {
        if c == implicit { return }
        out.append(c)
        implicit = c
        afterNumber = false
    }

    /// Writes a number of tenths, with a separator only where one is needed.
    private mutating func number(_ tenths: Int, _ out: inout [UInt8]) {
        let magnitude = tenths.magnitude
        let whole = magnitude / 10, fraction = magnitude % 10
        let leadingDot = whole == 0 && fraction != 0
        if afterNumber && tenths >= 0 && !(lastHadDot && leadingDot) { out.append(UInt8(ascii: " ")) }
        if tenths < 0 { out.append(UInt8(ascii: "-")) }
        if !leadingDot { Self.digits(whole, &out) }
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(48 + fraction))
        }
        afterNumber = true
        lastHadDot = fraction != 0
    }

    private static func digits(_ n: UInt, _ out: inout [UInt8]) {
        if n >= 10 { digits(n / 10, &out) }
        out.append(UInt8(48 + n % 10))
    }
}

/// A forward reader over PLplot's SVG: tags with their attributes, and raw text.
private struct Reader {
    enum Name { case svg, polyline, text, clipPath, other }

    struct Tag {
        var name: Name
        let buffer: UnsafeBufferPointer<UInt8>
        var attributes: [(key: Range<Int>, value: Range<Int>)]

        func range(_ key: StaticString) -> Range<Int>? {
            for a in attributes where Reader.equals(buffer, a.key, key) { return a.value }
            return nil
        }

        func string(_ key: StaticString) -> String? {
            range(key).map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) }
        }

        func number(_ key: StaticString) -> Double? {
            string(key).flatMap(Double.init)
        }

        func strings() -> [String: String] {
            var all: [String: String] = [:]
            for a in attributes {
                all[String(decoding: UnsafeBufferPointer(rebasing: buffer[a.key]), as: UTF8.self)] =
                    String(decoding: UnsafeBufferPointer(rebasing: buffer[a.value]), as: UTF8.self)
            }
            return all
        }
    }

    let b: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { b = buffer }

    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<r.count where b[r.lowerBound + i] != p[i] { return false }
        return true
    }

    func equals(_ r: Range<Int>, _ s: StaticString) -> Bool { Reader.equals(b, r, s) }

    /// A `#RRGGBB` attribute value as 0xRRGGBB.
    func color(_ r: Range<Int>) -> UInt32 {
        var v: UInt32 = 0
        for i in r where b[i] != UInt8(ascii: "#") {
            let c = b[i]
            let d: UInt8 = c >= 97 ? c - 87 : (c >= 65 ? c - 55 : c - 48)
            v = v << 4 | UInt32(d & 15)
        }
        return v
    }

    /// The next start tag (end tags, declarations and comments are passed over).
    mutating func nextTag() -> Tag? {
        let n = b.count
        while position < n {
            while position < n && b[position] != UInt8(ascii: "<") { position += 1 }
            position += 1
            guard position < n else { return nil }
            let first = b[position]
            if first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "!") {
                while position < n && b[position] != UInt8(ascii: ">") { position += 1 }
                continue
            }
            var end = position
            while end < n, !Reader.isSpace(b[end]), b[end] != UInt8(ascii: ">"), b[end] != UInt8(ascii: "/") { end += 1 }
            let nameRange = position..<end
            let name: Name = equals(nameRange, "polyline") || equals(nameRange, "polygon") ? .polyline
                : equals(nameRange, "text") ? .text : equals(nameRange, "svg") ? .svg
                : equals(nameRange, "clipPath") ? .clipPath : .other
            position = end
            var attributes: [(key: Range<Int>, value: Range<Int>)] = []
            while position < n {
                while position < n, Reader.isSpace(b[position]) { position += 1 }
                guard position < n else { break }
                if b[position] == UInt8(ascii: ">") { position += 1; break }
                if b[position] == UInt8(ascii: "/") { position += 1; continue }
                let keyStart = position
                while position < n, b[position] != UInt8(ascii: "="), b[position] != UInt8(ascii: ">"), !Reader.isSpace(b[position]) { position += 1 }
                let key = keyStart..<position
                while position < n, b[position] != UInt8(ascii: "\""), b[position] != UInt8(ascii: ">") { position += 1 }
                guard position < n, b[position] == UInt8(ascii: "\"") else { continue }
                let valueStart = position + 1
                position = valueStart
                while position < n, b[position] != UInt8(ascii: "\"") { position += 1 }
                attributes.append((key, valueStart..<position))
                position += 1
            }
            return Tag(name: name, buffer: b, attributes: attributes)
        }
        return nil
    }

    /// The raw text up to `terminator`, which is consumed.
    mutating func text(until terminator: StaticString) -> String {
        let n = b.count, t = terminator.utf8CodeUnitCount
        var i = position
        while i + t <= n {
            if Reader.equals(b, i..<(i + t), terminator) {
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[position..<i]), as: UTF8.self)
                position = i + t
                return text
            }
            i += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[position..<n]), as: UTF8.self)
        position = n
        return text
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 10 || c == 9 || c == 13 }

    /// `x,y x,y …` in points, as tenths of a point with y measured down from the top.
    func points(_ r: Range<Int>, flip: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        result.reserveCapacity(r.count / 12)
        var i = r.lowerBound
        var pending: Int?
        while let value = nextNumber(&i, end: r.upperBound) {
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
    private func nextNumber(_ i: inout Int, end: Int) -> Int? {
        while i < end {
            let c = b[i]
            if c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || (c >= 48 && c <= 57) { break }
            i += 1
        }
        guard i < end else { return nil }
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var whole = 0
        while i < end, b[i] >= 48, b[i] <= 57 { whole = whole * 10 + Int(b[i] - 48); i += 1 }
        var hundredths = 0, digits = 0
        if i < end, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, b[i] >= 48, b[i] <= 57 {
                if digits < 2 { hundredths = hundredths * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
        }
        if digits == 1 { hundredths *= 10 }
        let tenths = (whole * 100 + hundredths + 5) / 10
        return negative ? -tenths : tenths
    }
}
