import Yams

/// A citation in prose, in Pandoc's syntax: `[@box1976]`, `[@a; @b]`,
/// `[see @key, p. 33]`, `[-@key]` (the year alone), or `@key` in running
/// text (the author named in the sentence). Keys are Pandoc's: a letter,
/// digit or `_` first, then letters, digits and `:.#$%&-+?<>~/_`, without
/// the punctuation that ends a sentence.
public struct Citation: Sendable, Equatable {
    /// One cited work.
    public struct Item: Sendable, Equatable {
        public var key: String
        /// Text before the key ("see").
        public var prefix: String
        /// Text after the key's comma ("p. 33", "chap. 2").
        public var locator: String
        /// `-@key`: the year without the author.
        public var suppressAuthor: Bool
    }

    public var items: [Item]
    /// In brackets (a parenthetical citation), or in running text.
    public var bracketed: Bool
    public var line: Int

    /// The characters a key may hold after its first one.
    private static let keyCharacters = Set("_:.#$%&-+?<>~/")

    /// Splits `text` into plain text and citations; each citation becomes
    /// `placeholder(n)` where `n` counts from `first`. In running text,
    /// `@key` is a citation only when `narrative` (the lecture has a
    /// bibliography), never right after a letter or digit (an e-mail
    /// address), and never a cross-reference (`@fig-…`, `@eq-…`, …).
    static func split(_ text: String, narrative: Bool, line: Int, first: Int, referenceKinds: [String],
                      placeholder: (Int) -> String) -> (pieces: [(text: String, isHTML: Bool)], citations: [Citation]) {
        guard text.contains("@") else { return ([(text, false)], []) }
        var pieces: [(String, Bool)] = []
        var citations: [Citation] = []
        var plain = ""
        let chars = Array(text)
        var i = 0
        func emit(_ citation: Citation) {
            if !plain.isEmpty { pieces.append((plain, false)) }
            plain = ""
            pieces.append((placeholder(first + citations.count), true))
            citations.append(citation)
        }
        while i < chars.count {
            let c = chars[i]
            if c == "[", let close = chars[(i + 1)...].firstIndex(where: { $0 == "]" || $0 == "[" }), chars[close] == "]",
               let items = bracketItems(String(chars[(i + 1)..<close])),
               !items.contains(where: { item in referenceKinds.contains { item.key.hasPrefix($0 + "-") } }) {
                emit(Citation(items: items, bracketed: true, line: line))
                i = close + 1
                continue
            }
            if c == "@", narrative, i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "@"),
               let (key, end) = key(in: chars, from: i + 1),
               !referenceKinds.contains(where: { key.hasPrefix($0 + "-") }) {
                emit(Citation(items: [Item(key: key, prefix: "", locator: "", suppressAuthor: false)], bracketed: false, line: line))
                i = end
                continue
            }
            plain.append(c)
            i += 1
        }
        if !plain.isEmpty { pieces.append((plain, false)) }
        return (pieces, citations)
    }

    /// The items of a bracket's text (`see @a, p. 3; -@b`), or nil when any
    /// part of it is not `prefix @key, locator` (then it is not a citation).
    private static func bracketItems(_ inner: String) -> [Item]? {
        guard inner.contains("@") else { return nil }
        var items: [Item] = []
        for part in inner.split(separator: ";", omittingEmptySubsequences: false) {
            let chars = Array(part)
            guard let at = chars.firstIndex(of: "@") else { return nil }
            let suppress = at > 0 && chars[at - 1] == "-"
            let prefixEnd = suppress ? at - 1 : at
            let prefix = String(chars[..<prefixEnd]).trimmingCharacters(in: .whitespaces)
            if prefixEnd > 0, !chars[prefixEnd - 1].isWhitespace { return nil }  // me@example.org
            guard let (key, end) = key(in: chars, from: at + 1) else { return nil }
            var rest = String(chars[end...]).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix(",") { rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces) } else if !rest.isEmpty { return nil }
            items.append(Item(key: key, prefix: prefix, locator: rest, suppressAuthor: suppress))
        }
        return items.isEmpty ? nil : items
    }

    /// The key starting at `from`, and where it ends; trailing sentence punctuation is not part of it.
    private static func key(in chars: [Character], from: Int) -> (String, Int)? {
        guard from < chars.count, chars[from].isLetter || chars[from].isNumber || chars[from] == "_" else { return nil }
        var end = from
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || keyCharacters.contains(chars[end]) { end += 1 }
        while end > from + 1, ".:?,;-+/".contains(chars[end - 1]) { end -= 1 }
        return (String(chars[from..<end]), end)
    }
}

/// How citations read: `citation-style:` in the front matter or `lectern.yml`.
public enum CitationStyle: String, Sendable, Equatable, CaseIterable {
    /// "(Box and Tiao 1973)", "Box and Tiao (1973)"; references sorted by author (the default).
    case authorYear = "author-year"
    /// "[1]", "Box and Tiao [1]"; references numbered in the order first cited.
    case numeric

    static func read(_ value: Node, file: String, line: Int) throws -> CitationStyle {
        guard let text = value.string, let style = CitationStyle(rawValue: text) else {
            throw LecternError(file: file, line: line, "'citation-style' must be \(allCases.map(\.rawValue).joined(separator: " or ")), not \(YAMLText.describe(value))")
        }
        return style
    }
}

/// A bibliography file a lecture cites from (`bibliography:`), as declared.
public struct BibliographyFile: Sendable, Equatable {
    /// The path as written.
    public var path: String
    /// The course folder it is relative to ("" for the course root, the lecture's folder for a front matter's).
    public var base: String
    /// Where it was declared, for errors.
    public var declaredIn: String
    public var line: Int

    /// `bibliography: refs.bib` or a list of files.
    static func read(_ value: Node, base: String, file: String, line: Int) throws -> [BibliographyFile] {
        guard let list = value.sequence ?? (value.scalar != nil ? [value] : nil), !list.isEmpty else {
            throw LecternError(file: file, line: line, "'bibliography' must be a .bib file or a list of them, e.g. refs.bib")
        }
        return try list.map { item in
            let path = try YAMLText.text(item, key: "bibliography", file: file, line: line)
            return BibliographyFile(path: path, base: base, declaredIn: file, line: line)
        }
    }
}
