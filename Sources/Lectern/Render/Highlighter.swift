/// Swift syntax highlighting at build time: the code becomes escaped HTML with
/// `<span class="…">` around keywords (`kw`), types (`ty`), strings (`st`),
/// numbers (`nu`), comments (`co`), attributes and directives (`at`) and
/// function calls (`fn`). A lexer, not a parser: good enough to read by.
enum Highlighter {
    static let keywords: Set<String> = [
        "let", "var", "func", "return", "if", "else", "guard", "for", "in", "while", "repeat", "switch", "case",
        "default", "break", "continue", "struct", "class", "enum", "protocol", "extension", "import", "init",
        "self", "Self", "true", "false", "nil", "try", "throw", "throws", "rethrows", "do", "catch", "as", "is",
        "where", "some", "any", "inout", "static", "private", "public", "internal", "fileprivate", "mutating",
        "typealias", "associatedtype", "defer", "async", "await", "lazy", "weak", "override", "final", "super",
        "subscript", "operator", "fallthrough", "nonisolated", "isolated", "consuming", "borrowing", "actor",
    ]

    static func html(_ code: String) -> String {
        let chars = Array(code)
        var out = ""
        var i = 0
        func span(_ cls: String, _ from: Int, _ to: Int) {
            out += "<span class=\"\(cls)\">" + HTML.escape(String(chars[from..<to])) + "</span>"
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "/", next == "/" {
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                span("co", i, j); i = j
            } else if c == "/", next == "*" {
                var j = i + 2, depth = 1
                while j < chars.count, depth > 0 {
                    if chars[j] == "/", j + 1 < chars.count, chars[j + 1] == "*" { depth += 1; j += 2 }
                    else if chars[j] == "*", j + 1 < chars.count, chars[j + 1] == "/" { depth -= 1; j += 2 }
                    else { j += 1 }
                }
                span("co", i, j); i = j
            } else if c == "\"" || (c == "#" && next == "\"") {
                let j = endOfString(chars, from: i)
                span("st", i, j); i = j
            } else if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isHexDigit || chars[j] == "." || chars[j] == "_" || chars[j] == "x"
                        || ((chars[j] == "e" || chars[j] == "E") && j + 1 < chars.count) || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E") && !(chars.indices.contains(j - 2) && chars[j - 2] == "x")) {
                    if chars[j] == ".", !(j + 1 < chars.count && chars[j + 1].isNumber) { break }
                    j += 1
                }
                span("nu", i, j); i = j
            } else if c.isLetter || c == "_" || ((c == "@" || c == "#") && (next?.isLetter ?? false)) {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let word = String(chars[i..<j])
                if c == "@" || c == "#" { span("at", i, j) }
                else if keywords.contains(word) { span("kw", i, j) }
                else if c.isUppercase { span("ty", i, j) }
                else if j < chars.count, chars[j] == "(" { span("fn", i, j) }
                else { out += HTML.escape(word) }
                i = j
            } else {
                out += HTML.escape(String(c))
                i += 1
            }
        }
        return out
    }

    /// The index after a string literal starting at `start` (plain, multi-line or raw).
    private static func endOfString(_ chars: [Character], from start: Int) -> Int {
        var hashes = 0
        var i = start
        while i < chars.count, chars[i] == "#" { hashes += 1; i += 1 }
        let triple = i + 2 < chars.count && chars[i] == "\"" && chars[i + 1] == "\"" && chars[i + 2] == "\""
        let quote = triple ? 3 : 1
        i += quote
        while i < chars.count {
            if chars[i] == "\\", hashes == 0 { i += 2; continue }
            if !triple, chars[i] == "\n" { return i }
            if chars[i] == "\"" {
                var j = i, quotes = 0
                while j < chars.count, chars[j] == "\"", quotes < quote { quotes += 1; j += 1 }
                if quotes == quote {
                    var k = j, closing = 0
                    while k < chars.count, chars[k] == "#", closing < hashes { closing += 1; k += 1 }
                    if closing == hashes { return k }
                }
                i = j
                continue
            }
            i += 1
        }
        return chars.count
    }
}
