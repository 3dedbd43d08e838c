/// Math as text a reader (or a screen reader, or the search) can read:
/// `\bar{x}_n \le 2\sigma` becomes `x̄ₙ ≤ 2σ`. Used where TeX cannot be
/// typeset: figure labels (`aria-label`), search snippets, page titles.
/// Not a TeX engine: commands it does not know keep their name without the
/// backslash, so nothing is lost and nothing raw like `\frac{` shows.
enum MathText {
    /// Prose with `$…$` math, the math made readable.
    static func readable(prose: String) -> String {
        MathHTML.pieces(prose).map {
            switch $0 {
            case .math(let span): readable(tex: span.tex)
            case .text(let text): text
            }
        }.joined()
    }

    /// One formula's TeX as readable text.
    static func readable(tex: String) -> String {
        var reader = Reader(Array(tex.unicodeScalars))
        return collapse(reader.sequence(until: nil))
    }

    /// Symbols by command name.
    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
        "Omega": "Ω", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
        "simeq": "≃", "propto": "∝", "equiv": "≡", "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "infty": "∞",
        "sum": "Σ", "prod": "Π", "int": "∫", "partial": "∂", "nabla": "∇", "to": "→", "rightarrow": "→", "leftarrow": "←",
        "Rightarrow": "⇒", "mapsto": "↦", "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪", "cap": "∩", "mid": "|",
        "ldots": "…", "cdots": "⋯", "dots": "…", "log": "log", "exp": "exp", "ln": "ln", "sin": "sin", "cos": "cos",
        "max": "max", "min": "min", "arg": "arg", "lim": "lim", "Pr": "Pr", "det": "det", "langle": "⟨", "rangle": "⟩",
        "lvert": "|", "rvert": "|", "vert": "|", "|": "‖", "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "_": "_", "#": "#",
        ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " ", "ell": "ℓ", "hbar": "ħ", "circ": "∘",
        "star": "⋆", "ast": "∗", "perp": "⊥", "forall": "∀", "exists": "∃", "neg": "¬", "land": "∧", "lor": "∨",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "backslash": "\\", "prime": "′", "gg": "≫", "ll": "≪",
    ]
    /// Accents, as the combining mark put after the accented text.
    static let accents: [String: String] = [
        "bar": "\u{304}", "overline": "\u{305}", "hat": "\u{302}", "widehat": "\u{302}", "tilde": "\u{303}",
        "widetilde": "\u{303}", "dot": "\u{307}", "ddot": "\u{308}", "vec": "\u{20D7}",
    ]
    /// Commands whose argument is shown as it is.
    static let styles: Set = ["mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "boldsymbol", "text",
                              "textrm", "textbf", "textit", "operatorname", "mbox", "rm", "bf"]
    /// Commands that draw nothing by themselves.
    static let invisible: Set = ["left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "limits",
                                 "nolimits", "displaystyle", "textstyle", "scriptstyle", "label", "tag", "nonumber", "notag"]
    static let subscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip("0123456789+-=()aeoxhklmnpstijruv",
                                                                                          "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ"))
    static let superscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip("0123456789+-=()ni",
                                                                                            "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"))

    /// Runs of spaces as one, trimmed.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    private struct Reader {
        let tex: [Unicode.Scalar]
        var i = 0
        init(_ tex: [Unicode.Scalar]) { self.tex = tex }

        /// Text up to `end` (a closing brace) or the end.
        mutating func sequence(until end: Unicode.Scalar?) -> String {
            var out = ""
            while i < tex.count {
                let c = tex[i]
                if let end, c == end { i += 1; return out }
                out += atom()
            }
            return out
        }

        /// One argument: a braced group, a command or one character.
        mutating func argument() -> String {
            while i < tex.count, tex[i] == " " { i += 1 }
            guard i < tex.count else { return "" }
            if tex[i] == "{" { i += 1; return sequence(until: "}") }
            return atom()
        }

        mutating func atom() -> String {
            let c = tex[i]
            switch c {
            case "{": i += 1; return sequence(until: "}")
            case "}": i += 1; return ""
            case "~": i += 1; return " "
            case "&": i += 1; return " "
            case "_", "^":
                i += 1
                let script = argument()
                let table = c == "_" ? MathText.subscripts : MathText.superscripts
                let mapped = script.map { table[$0] }
                if !script.isEmpty, mapped.allSatisfy({ $0 != nil }) { return String(mapped.compactMap { $0 }) }
                if c == "^", script == "′" || script == "\u{2032}" { return "′" }
                let wrapped = script.count == 1 ? script : "(" + script + ")"
                return (c == "_" ? "_" : "^") + wrapped
            case "\\":
                i += 1
                guard i < tex.count else { return "" }
                var name = ""
                if tex[i].properties.isAlphabetic {
                    while i < tex.count, tex[i].properties.isAlphabetic { name.unicodeScalars.append(tex[i]); i += 1 }
                } else {
                    name = String(tex[i]); i += 1
                    if name == "\\" { return " " }
                }
                return command(name)
            default:
                i += 1
                return String(c)
            }
        }

        mutating func command(_ name: String) -> String {
            if let symbol = MathText.symbols[name] {
                // A named operator stands apart from what follows ("log x", not "logx").
                return name.first!.isLowercase && symbol.count > 1 && symbol == name ? symbol + " " : symbol
            }
            if let mark = MathText.accents[name] {
                let base = argument()
                return base.count == 1 ? base + mark : "(" + base + ")" + mark
            }
            if MathText.invisible.contains(name) {
                if name == "left" || name == "right" || name.hasPrefix("big") || name.hasPrefix("Big") {
                    // The delimiter after \left and \right is kept: "\left( x \right)" reads "(x)".
                    if i < tex.count, tex[i] == "." { i += 1; return "" }
                }
                if name == "label" || name == "tag" { _ = argument() }
                return ""
            }
            if MathText.styles.contains(name) { return argument() }
            switch name {
            case "frac", "dfrac", "tfrac":
                let top = argument(), bottom = argument()
                // Parentheses only where an operator or a space would make the fraction ambiguous.
                let wrap = { (s: String) in s.contains(where: { " +-−±·×/=,<>≤≥".contains($0) }) ? "(" + s + ")" : s }
                return wrap(top) + "/" + wrap(bottom)
            case "sqrt":
                let body = argument()
                return "√" + (body.count <= 1 ? body : "(" + body + ")")
            case "binom":
                let n = argument(), k = argument()
                return "C(" + n + ", " + k + ")"
            case "begin", "end":
                _ = argument()
                return " "
            default:
                return name
            }
        }
    }
}
