import Yams

/// TeX macros that carry from formula to formula, as a Quarto (MathJax)
/// author expects: the course's (`math-macros:` in `lectern.yml`, a `.tex`
/// file of definitions or a mapping `"\\R": "\\mathbb{R}"`), then each
/// `\newcommand`, `\renewcommand`, `\def` and `\DeclareMathOperator` a page's
/// formulas make, for every later formula of that page. Each formula is
/// typeset with the definitions before it written in front of it (KaTeX
/// then knows them; the definitions print nothing), so a formula's result
/// still depends only on its own text and is kept by it.
enum MathMacros {
    /// The definitions `tex` makes, verbatim, in order.
    static func definitions(in tex: String) -> String {
        guard tex.contains("\\") else { return "" }
        let chars = Array(tex)
        var out = ""
        var i = 0
        func group(from start: Int) -> Int? {
            // The index after the balanced {…} that starts at `start` (spaces before it skipped).
            var j = start
            while j < chars.count, chars[j] == " " { j += 1 }
            guard j < chars.count, chars[j] == "{" else { return nil }
            var depth = 0
            while j < chars.count {
                if chars[j] == "\\" { j += 2; continue }
                if chars[j] == "{" { depth += 1 }
                if chars[j] == "}" { depth -= 1; if depth == 0 { return j + 1 } }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            guard chars[i] == "\\" else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < chars.count, chars[j].isLetter { name.append(chars[j]); j += 1 }
            switch name {
            case "newcommand", "renewcommand", "DeclareMathOperator":
                if j < chars.count, chars[j] == "*" { j += 1 }
                // \newcommand{\R}[1][default]{body} or \newcommand\R{body}
                var k = j
                while k < chars.count, chars[k] == " " { k += 1 }
                if k < chars.count, chars[k] == "{" {
                    guard let after = group(from: k) else { i = j; continue }
                    k = after
                } else if k < chars.count, chars[k] == "\\" {
                    k += 1
                    while k < chars.count, chars[k].isLetter { k += 1 }
                } else { i = j; continue }
                while k < chars.count, chars[k] == "[", let close = chars[k...].firstIndex(of: "]") { k = close + 1 }
                guard let end = group(from: k) else { i = j; continue }
                out += String(chars[i..<end])
                i = end
            case "def", "gdef":
                var k = j
                while k < chars.count, chars[k] == " " { k += 1 }
                guard k < chars.count, chars[k] == "\\" else { i = j; continue }
                k += 1
                while k < chars.count, chars[k].isLetter { k += 1 }
                while k < chars.count, chars[k] == "#" || chars[k].isNumber { k += 1 }
                guard let end = group(from: k) else { i = j; continue }
                out += String(chars[i..<end])
                i = end
            default:
                i = max(j, i + 1)
            }
        }
        return out
    }

    /// `math-macros:` in `lectern.yml`: a mapping of macro to body (its
    /// arguments counted from the `#n` it uses), as `\def` definitions; nil
    /// when the value is a file name (read by the course).
    static func read(mapping node: Node, file: String, line: Int) throws -> String {
        guard let mapping = node.mapping else {
            throw LecternError(file: file, line: line, "'math-macros' must be a .tex file of \\newcommand lines, or a mapping such as '\"\\\\R\": \"\\\\mathbb{R}\"'")
        }
        var out = ""
        for (key, value) in mapping {
            guard let name = key.string, name.firstMatch(of: /^\\[A-Za-z]+$/) != nil, let body = value.string else {
                throw LecternError(file: file, line: key.mark?.line ?? line, "each 'math-macros' entry is a macro and its body, such as '\"\\\\R\": \"\\\\mathbb{R}\"', not \(YAMLText.describe(key))")
            }
            let arguments = (1...9).last { body.contains("#\($0)") } ?? 0
            out += "\\def" + name + (arguments > 0 ? (1...arguments).map { "#\($0)" }.joined() : "") + "{" + body + "}"
        }
        return out
    }
}
