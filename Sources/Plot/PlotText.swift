import Foundation

/// Text as PLplot draws it. Labels are written naturally: `m_γγ [GeV]` sets
/// γγ as a subscript, `x^2` and `10^{-3}` as superscripts, `\_` and `\^` stay
/// literal. Unicode (μ, σ, θ, ², →) passes through as itself.
enum PlotText {
    /// `text` in PLplot's escape syntax (`#d…#u` for subscripts, `#u…#d` for
    /// superscripts, `##` for a literal `#`).
    static func plplot(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            switch c {
            case "#": out += "##"
            case "\\" where chars.first == "_" || chars.first == "^":
                out.append(chars.removeFirst())
            case "_", "^":
                let group = takeGroup(&chars)
                guard !group.isEmpty else { out.append(c); continue }
                let (open, close) = c == "_" ? ("#d", "#u") : ("#u", "#d")
                out += open + plplot(group) + close
            default: out.append(c)
            }
        }
        return out
    }

    /// The text as a reader sees it, without markup: for tests and the layout record.
    static func plain(_ text: String) -> String { runs(text).map(\.text).joined() }

    /// `{…}`, or the run of characters up to a space or closing punctuation.
    private static func takeGroup(_ chars: inout ArraySlice<Character>) -> String {
        if chars.first == "{" {
            chars.removeFirst()
            var depth = 1, group = ""
            while let c = chars.popFirst() {
                if c == "{" { depth += 1 }
                if c == "}" { depth -= 1; if depth == 0 { break } }
                group.append(c)
            }
            return group
        }
        var group = ""
        while let c = chars.first, !c.isWhitespace, !")],;:/=_^".contains(c) {
            group.append(chars.removeFirst())
        }
        return group
    }

    /// The text as runs at sub- and superscript levels (0 the baseline, +1 a
    /// superscript, −1 a subscript), as PLplot sets it: a `^` inside a subscript
    /// goes back to the baseline.
    static func runs(_ text: String) -> [(text: String, level: Int)] {
        var out: [(text: String, level: Int)] = []
        func add(_ c: Character, _ level: Int) {
            if let last = out.last, last.level == level { out[out.count - 1].text.append(c) } else { out.append((String(c), level)) }
        }
        func walk(_ text: String, _ level: Int) {
            var chars = Array(text)[...]
            while let c = chars.popFirst() {
                switch c {
                case "\\" where chars.first == "_" || chars.first == "^": add(chars.removeFirst(), level)
                case "_", "^":
                    let group = takeGroup(&chars)
                    if group.isEmpty { add(c, level) } else { walk(group, level + (c == "_" ? -1 : 1)) }
                default: add(c, level)
                }
            }
        }
        walk(text, 0)
        return out
    }

    /// The font size PLplot's svg device gives text `levels` away from the
    /// baseline: three quarters per level, rounded to whole points (as it
    /// writes them).
    static func size(_ base: Double, level: Int) -> Double {
        (base.rounded() * pow(0.75, Double(abs(level)))).rounded()
    }

    /// The box `text` takes at `size` points: its advance width, and its height
    /// above and depth below the baseline (sub- and superscripts included),
    /// measured on DejaVu Sans with FreeType. Without the face (no
    /// `fonts-dejavu-core`) the width is an estimate for a wide sans face.
    static func extent(_ text: String, size: Double) -> TextExtent {
        let font = FontMetrics.dejaVuSans
        let ascender = font?.ascender ?? 0.93, descender = font?.descender ?? 0.24
        var width = 0.0, above = 0.0, below = 0.0
        for run in runs(text) {
            let s = Self.size(size, level: run.level)
            width += s * (font?.width(Substring(run.text)) ?? estimate(run.text))
            // Each level up raises by 0.68 of the size it leaves, each level down lowers by 0.51.
            var shift = 0.0, current = size.rounded()
            for _ in 0..<abs(run.level) {
                shift += run.level > 0 ? 0.68 * current : -0.51 * current
                current = (current * 0.75).rounded()
            }
            above = max(above, shift + s * ascender)
            below = max(below, -shift + s * descender)
        }
        return TextExtent(width: width, above: above, below: below)
    }

    /// The advance width of `text` in points at `size` points.
    static func width(_ text: String, size: Double) -> Double { extent(text, size: size).width }

    /// DejaVu Sans averages about 0.6 em a character: what layout assumes when the face is missing.
    private static func estimate(_ text: String) -> Double {
        text.reduce(0) { total, c in
            total + (c.isNumber || c == "." || c == "−" || c == "-" ? 0.64 : (c.isUppercase ? 0.7 : (c == " " ? 0.32 : 0.6)))
        }
    }
}

/// The box a piece of text takes, in points from its origin on the baseline.
struct TextExtent: Equatable {
    var width: Double
    /// Height above the baseline.
    var above: Double
    /// Depth below the baseline.
    var below: Double
    var height: Double { above + below }
}
