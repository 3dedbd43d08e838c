import Foundation

/// One entry of a BibTeX database: `@article{box1976, author = {…}, …}`,
/// its fields decoded from TeX into text (`{\"o}` → ö, `--` → –, braces gone).
public struct BibEntry: Sendable, Equatable {
    /// The entry type, lower-cased (`article`, `book`, `inproceedings`, `misc`, …).
    public var type: String
    public var key: String
    /// Field values by lower-cased name, as text.
    public var fields: [String: String]
    /// The entry's `author` list (else its `editor` list).
    public var authors: [BibName]
    /// The `author` field listed "and others": shown as "et al.".
    public var andOthers = false
    /// The file and line the entry starts at.
    public var file: String
    public var line: Int

    public subscript(field: String) -> String? { fields[field] }

    /// The year: `year`, else the first four digits of `date`.
    public var year: String? {
        if let year = fields["year"], !year.isEmpty { return year }
        return fields["date"].flatMap { $0.firstMatch(of: /[0-9]{4}/).map { String($0.output) } }
    }

    /// The DOI, without a resolver in front of it.
    public var doi: String? {
        guard var doi = fields["doi"]?.trimmingCharacters(in: .whitespaces), !doi.isEmpty else { return nil }
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] where doi.lowercased().hasPrefix(prefix) {
            doi = String(doi.dropFirst(prefix.count))
        }
        return doi
    }

    /// The arXiv identifier: `eprint` with `archivePrefix = {arXiv}` (or `eprinttype`), or `arxiv`.
    public var arXiv: String? {
        if let id = fields["arxiv"], !id.isEmpty { return id }
        let archive = (fields["archiveprefix"] ?? fields["eprinttype"] ?? "").lowercased()
        guard archive == "arxiv", let id = fields["eprint"], !id.isEmpty else { return nil }
        return id
    }
}

/// A person's name as BibTeX splits it: "First von Last", "von Last, First"
/// or "von Last, Jr, First".
public struct BibName: Sendable, Equatable {
    /// Given names ("George E. P.").
    public var given: String
    /// The family name with its particle ("de la Fuente", "van der Waals").
    public var family: String
    /// "Jr.", "III".
    public var suffix: String

    /// The given names as initials ("G. E. P."; hyphenated names keep the hyphen: "J.-P.").
    public var initials: String {
        given.split(separator: " ").map { word in
            word.split(separator: "-").compactMap { part in part.first.map { "\($0)." } }.joined(separator: "-")
        }.joined(separator: "\u{A0}")
    }
}

/// Reads BibTeX (`.bib`): entries, `@string` macros (and the month
/// abbreviations `jan` … `dec`), `#` concatenation, `@comment` and
/// `@preamble` (skipped), fields in braces, quotes or bare numbers, TeX
/// accents and special characters decoded, names split as BibTeX splits
/// them. An entry that cannot be read is an error at its line; the others
/// are still read.
enum BibTeX {
    /// The entries of `text` (the file `file`, for errors), and the problems met.
    static func parse(_ text: String, file: String) -> (entries: [BibEntry], problems: [LecternError]) {
        var reader = Reader(Array(text.unicodeScalars), file: file)
        var entries: [BibEntry] = []
        var problems: [LecternError] = []
        var seen: [String: Int] = [:]
        while reader.skip(to: "@") {
            let line = reader.line
            do {
                guard let entry = try reader.entry() else { continue }
                if let first = seen[entry.key.lowercased()] {
                    problems.append(.warning(file: file, line: line, "the key '\(entry.key)' is defined twice (first at line \(first)); the first is used"))
                    continue
                }
                seen[entry.key.lowercased()] = line
                entries.append(entry)
            } catch let error as LecternError {
                problems.append(error)
                reader.recover()
            } catch {
                problems.append(LecternError(file: file, line: line, "cannot read this entry: \(error)"))
                reader.recover()
            }
        }
        return (entries, problems)
    }

    /// The scanner.
    private struct Reader {
        let chars: [Unicode.Scalar]
        let file: String
        var at = 0
        var line = 1
        var strings: [String: String] = ["jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
                                         "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December"]

        init(_ chars: [Unicode.Scalar], file: String) {
            self.chars = chars
            self.file = file
        }

        var current: Unicode.Scalar? { at < chars.count ? chars[at] : nil }

        mutating func advance() {
            if chars[at] == "\n" { line += 1 }
            at += 1
        }

        /// Moves to the next `c` (past it); false at the end.
        mutating func skip(to c: Unicode.Scalar) -> Bool {
            while let here = current {
                advance()
                if here == c { return true }
            }
            return false
        }

        mutating func skipSpace() {
            while let c = current, c.properties.isWhitespace { advance() }
            // `%` starts a comment to the end of the line between fields.
            if current == "%" {
                while let c = current, c != "\n" { advance() }
                skipSpace()
            }
        }

        /// After a broken entry: on to the next line that starts with `@`.
        mutating func recover() {
            while let c = current {
                if c == "@", at == 0 || chars[at - 1] == "\n" { return }
                advance()
            }
        }

        func problem(_ message: String, line: Int? = nil) -> LecternError {
            LecternError(file: file, line: line ?? self.line, message)
        }

        mutating func identifier() -> String {
            var out = ""
            while let c = current, c.properties.isAlphabetic || c.properties.numericType != nil || "_-:./+".unicodeScalars.contains(c) {
                out.unicodeScalars.append(c)
                advance()
            }
            return out
        }

        /// An entry after its `@`; nil for `@comment`, `@preamble` and `@string`.
        mutating func entry() throws -> BibEntry? {
            let start = line
            let type = identifier().lowercased()
            guard !type.isEmpty else { return nil }  // an @ in free text between entries
            skipSpace()
            guard let open = current, open == "{" || open == "(" else {
                if type == "comment" { return nil }
                throw problem("'@\(type)' must be followed by '{'; write @\(type){key, field = {…}}", line: start)
            }
            let close: Unicode.Scalar = open == "{" ? "}" : ")"
            advance()
            switch type {
            case "comment":
                _ = try braced(closing: close, from: start)
                return nil
            case "preamble":
                _ = try braced(closing: close, from: start)
                return nil
            case "string":
                skipSpace()
                let name = identifier().lowercased()
                skipSpace()
                guard current == "=" else { throw problem("@string needs 'name = \"value\"'", line: start) }
                advance()
                strings[name] = try value(from: start)
                skipSpace()
                if current == close { advance() }
                return nil
            default:
                break
            }
            skipSpace()
            var key = ""
            while let c = current, c != ",", c != close, !c.properties.isWhitespace {
                key.unicodeScalars.append(c)
                advance()
            }
            guard !key.isEmpty else { throw problem("this @\(type) entry has no key; write @\(type){key, …}", line: start) }
            skipSpace()
            var fields: [String: String] = [:]
            while current == "," {
                advance()
                skipSpace()
                if current == close { break }
                let name = identifier().lowercased()
                guard !name.isEmpty else { throw problem("in '\(key)', a field name was expected (name = {value})") }
                skipSpace()
                guard current == "=" else { throw problem("in '\(key)', the field '\(name)' needs '= {value}'") }
                advance()
                fields[name] = try value(from: start)
                skipSpace()
            }
            guard current == close else {
                throw problem("the entry '\(key)' is not closed where expected; check for a missing comma or brace", line: start)
            }
            advance()
            var raw = fields
            let authorField = raw["author"] ?? raw["editor"] ?? ""
            var names = BibTeX.names(authorField)
            var others = false
            if names.last.map({ $0.family.lowercased() == "others" && $0.given.isEmpty }) == true {
                names.removeLast()
                others = true
            }
            for (name, value) in raw { raw[name] = BibTeX.text(value) }
            let decodedNames = names.map { BibName(given: BibTeX.text($0.given), family: BibTeX.text($0.family), suffix: BibTeX.text($0.suffix)) }
            return BibEntry(type: type, key: key, fields: raw, authors: decodedNames, andOthers: others, file: file, line: start)
        }

        /// A field value: pieces joined by `#`, each `{…}`, `"…"`, a number or an `@string` name (kept as TeX).
        mutating func value(from start: Int) throws -> String {
            var out = ""
            while true {
                skipSpace()
                guard let c = current else { throw problem("a field value runs to the end of the file", line: start) }
                if c == "{" {
                    advance()
                    out += try braced(closing: "}", from: start)
                } else if c == "\"" {
                    advance()
                    var depth = 0
                    while let d = current, !(d == "\"" && depth == 0) {
                        if d == "{" { depth += 1 }
                        if d == "}" { depth -= 1 }
                        out.unicodeScalars.append(d)
                        advance()
                    }
                    guard current == "\"" else { throw problem("a quoted value is never closed", line: start) }
                    advance()
                } else if c.properties.numericType != nil {
                    while let d = current, d.properties.numericType != nil { out.unicodeScalars.append(d); advance() }
                } else {
                    let name = identifier().lowercased()
                    guard !name.isEmpty else { throw problem("a field value must be {…}, \"…\", a number or an @string name") }
                    guard let defined = strings[name] else { throw problem("'\(name)' is not an @string defined above this entry; define it, or put the value in braces") }
                    out += defined
                }
                skipSpace()
                guard current == "#" else { return out }
                advance()
            }
        }

        /// The text up to the `closing` that ends a group opened just before (braces nest).
        mutating func braced(closing: Unicode.Scalar, from start: Int) throws -> String {
            var out = ""
            var depth = 0
            while let c = current {
                if c == closing, depth == 0 { advance(); return out }
                if c == "{" { depth += 1 }
                if c == "}" { depth -= 1 }
                if depth < 0 { throw problem("a '}' here closes nothing", line: line) }
                out.unicodeScalars.append(c)
                advance()
            }
            throw problem("a '{' is never closed", line: start)
        }
    }

    // MARK: Names

    /// The names of an `author` field, split on "and" outside braces.
    static func names(_ field: String) -> [BibName] {
        var names: [String] = []
        var current = ""
        for word in tokens(field) {
            if word.depthAtStart == 0, word.text.lowercased() == "and" {
                names.append(current)
                current = ""
                continue
            }
            current += (current.isEmpty ? "" : " ") + word.text
        }
        if !current.isEmpty { names.append(current) }
        return names.map(name)
    }

    /// One name: "First von Last", "von Last, First" or "von Last, Jr, First".
    static func name(_ text: String) -> BibName {
        let parts = splitOutsideBraces(text, on: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.count {
        case 0: return BibName(given: "", family: "", suffix: "")
        case 1:
            let words = tokens(parts[0]).map(\.text)
            guard words.count > 1 else { return BibName(given: "", family: words.first ?? "", suffix: "") }
            // The family name starts at the first lower-case word (a particle) that is not the last word, else it is the last word.
            let particle = words.dropLast().firstIndex { word in
                guard let first = word.unicodeScalars.first else { return false }
                return first != "{" && first.properties.isLowercase
            }
            let split = particle ?? words.count - 1
            return BibName(given: words[..<split].joined(separator: " "), family: words[split...].joined(separator: " "), suffix: "")
        case 2:
            return BibName(given: parts[1], family: parts[0], suffix: "")
        default:
            return BibName(given: parts[2...].joined(separator: ", "), family: parts[0], suffix: parts[1])
        }
    }

    /// Space-separated words, braces kept whole, with the brace depth each starts at.
    private static func tokens(_ text: String) -> [(text: String, depthAtStart: Int)] {
        var out: [(String, Int)] = []
        var current = ""
        var depth = 0
        var startDepth = 0
        for c in text.unicodeScalars {
            if c.properties.isWhitespace, depth == 0 {
                if !current.isEmpty { out.append((current, startDepth)) }
                current = ""
                continue
            }
            if current.isEmpty { startDepth = depth }
            if c == "{" { depth += 1 }
            if c == "}" { depth = max(0, depth - 1) }
            current.unicodeScalars.append(c)
        }
        if !current.isEmpty { out.append((current, startDepth)) }
        return out
    }

    private static func splitOutsideBraces(_ text: String, on separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in text.unicodeScalars {
            if c == "{" { depth += 1 }
            if c == "}" { depth = max(0, depth - 1) }
            if c == separator, depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.unicodeScalars.append(c)
        }
        parts.append(current)
        return parts
    }

    // MARK: TeX to text

    /// Accents: the command letter and the combining mark it puts on its argument.
    private static let accents: [Character: Unicode.Scalar] = [
        "\"": "\u{308}", "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "~": "\u{303}", "=": "\u{304}", ".": "\u{307}",
        "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}", "r": "\u{30A}", "d": "\u{323}", "b": "\u{331}",
    ]
    /// Letter commands that stand for a character.
    private static let letters: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł",
        "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
        "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textquoteright": "’", "textquoteleft": "‘",
        "S": "§", "P": "¶", "copyright": "©", "pounds": "£", "euro": "€", "LaTeX": "LaTeX", "TeX": "TeX",
    ]

    /// `text` with TeX decoded: accents (`{\"o}`, `\"{o}`, `\'e`, `\c{c}`),
    /// special letters (`\ss`, `\o`), escaped characters (`\&`, `\%`, `\_`),
    /// dashes (`--`, `---`), `~` as a no-break space, formatting commands
    /// (`\emph{x}`, `\textbf{x}`) reduced to their argument, and the braces
    /// that protect capitals dropped. Math (`$…$`) is kept as written.
    static func text(_ tex: String) -> String {
        let chars = Array(tex)
        var out = ""
        var i = 0
        var inMath = false
        func argument() -> String {
            // The next group or character, as text.
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count else { return "" }
            if chars[i] == "{" {
                var depth = 0
                var inner = ""
                while i < chars.count {
                    let c = chars[i]
                    i += 1
                    if c == "{" { depth += 1; if depth == 1 { continue } }
                    if c == "}" { depth -= 1; if depth == 0 { break } }
                    inner.append(c)
                }
                // {\i} under an accent: the plain letter once accented.
                return inner == "\\i" || inner == "\\j" ? String(inner.dropFirst()) : text(inner)
            }
            if chars[i] == "\\" {
                // \"{\i} and \'\i: a letter command as the argument.
                i += 1
                var name = ""
                while i < chars.count, chars[i].isLetter { name.append(chars[i]); i += 1 }
                // A dotless i or j under an accent is the plain letter once accented.
                return name == "i" || name == "j" ? name : letters[name] ?? name
            }
            defer { i += 1 }
            return String(chars[i])
        }
        while i < chars.count {
            let c = chars[i]
            if c == "$" { inMath.toggle(); out.append(c); i += 1; continue }
            if inMath { out.append(c); i += 1; continue }
            switch c {
            case "{", "}":
                i += 1
            case "~":
                out.append("\u{A0}")
                i += 1
            case "-" where i + 2 < chars.count && chars[i + 1] == "-" && chars[i + 2] == "-":
                out.append("—")
                i += 3
            case "-" where i + 1 < chars.count && chars[i + 1] == "-":
                out.append("–")
                i += 2
            case "\\":
                i += 1
                guard i < chars.count else { break }
                let next = chars[i]
                if let mark = accents[next], !(next.isLetter && i + 1 < chars.count && chars[i + 1].isLetter) {
                    i += 1
                    let base = argument()
                    out += (base.isEmpty ? "" : base + String(mark)).precomposedStringWithCanonicalMapping
                } else if next.isLetter {
                    var name = ""
                    while i < chars.count, chars[i].isLetter { name.append(chars[i]); i += 1 }
                    if let letter = letters[name] {
                        out += letter
                        if i < chars.count, chars[i] == " " { i += 1 }
                    } else if i < chars.count, chars[i] == "{" {
                        out += argument()  // \emph{x}, \textit{x}, \url{x}: the argument
                    }
                } else {
                    out.append(next)  // \& \% \$ \_ \# \{ \}
                    i += 1
                }
            default:
                out.append(c)
                i += 1
            }
        }
        return out.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
