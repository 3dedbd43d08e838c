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

    /// The text as a reader sees it, without markup: for width estimates and tests.
    static func plain(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            switch c {
            case "\\" where chars.first == "_" || chars.first == "^": out.append(chars.removeFirst())
            case "_", "^":
                let group = takeGroup(&chars)
                out += group.isEmpty ? String(c) : plain(group)
            default: out.append(c)
            }
        }
        return out
    }

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

    /// An estimate of the width of `text` in points at `size` points: PLplot's
    /// SVG device cannot measure text, so layout reserves room for a wide sans
    /// face (DejaVu Sans averages about 0.6 em a character).
    static func width(_ text: String, size: Double) -> Double {
        plain(text).reduce(0) { total, c in
            let em: Double = c.isNumber || c == "." || c == "−" || c == "-" ? 0.64 : (c.isUppercase ? 0.7 : (c == " " ? 0.32 : 0.6))
            return total + em * size
        }
    }
}
