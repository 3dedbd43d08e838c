/// HTML escaping: everything a cell prints or a lecture names passes through
/// here before it reaches a page.
enum HTML {
    /// `text` safe inside an element or a double-quoted attribute.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{1E}", "\u{0}": break
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A lower-case, hyphenated identifier from a heading's words.
    static func slug(_ text: String) -> String {
        var out = ""
        var lastWasHyphen = true
        for c in text.lowercased() {
            if c.isLetter || c.isNumber {
                out.append(c)
                lastWasHyphen = false
            } else if !lastWasHyphen {
                out.append("-")
                lastWasHyphen = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}
