/// A cell's code cut into its top-level statements, for the program's
/// library layout (`Program.library`): declarations and initialised globals
/// move to file scope, where the type checker finds a name by table lookup,
/// and the other statements become the body of the cell's function, so the
/// compiler never type-checks one long top-level scope (whose lookups walk
/// every earlier statement: compile time quadratic in cells, issue 31).
///
/// A global at file scope is initialised when first read; the cell's
/// function reads it (`_ = x`) where its statement stood, so initialisers
/// still run in the cell's order. A `try` initialiser is wrapped in
/// `_lecternGlobal { … }`, which stops the program as an uncaught error at
/// top level does.
///
/// Nil for a cell this cannot carry unchanged: a `guard` or `defer` at top
/// level, a `let`/`var` with no initialiser or with attributes, `await`,
/// `#if`, `;` between top-level statements. A lecture with such a cell
/// keeps the script layout; so does one whose library layout does not
/// compile (the script layout's errors are the ones shown).
struct CellLayout {
    enum Kind: Equatable {
        /// A function, type, extension, type alias, import or operator.
        case declaration
        /// An initialised `let`/`var`, naming its globals (the first is read to initialise them).
        case global(names: [String], throwing: Bool)
        /// Anything else, run in the cell's function.
        case statement
    }

    struct Piece {
        var kind: Kind
        /// The statement's text, from its first token to its end (line breaks kept).
        var text: String
        /// Its first line, 0-based within the code.
        var line: Int
    }

    let pieces: [Piece]

    private static let declarationWords: Set<String> = ["func", "struct", "class", "enum", "actor", "protocol", "extension",
                                                       "typealias", "import", "operator", "precedencegroup", "infix", "prefix", "postfix"]
    private static let modifiers: Set<String> = ["private", "fileprivate", "internal", "public", "final", "indirect", "nonisolated"]
    private static let continuing: Set<String> = ["else", "catch", "where"]

    init?(_ code: String) {
        guard !code.contains("#if") else { return nil }
        let (tokens, offsets) = CellNames.lex(code, literals: true)
        let characters = Array(code)
        // Statement boundaries: line ends at depth 0 that no operator, `.`, `,`
        // or `else`/`catch`/`where` carries over.
        var starts: [Int] = []
        var depth = 0
        for (i, token) in tokens.enumerated() {
            if token != .newline, depth == 0, i == 0 || tokens[i - 1] == .newline { starts.append(i) }
            switch token {
            case .open: depth += 1
            case .close: depth -= 1
            case .symbol(";") where depth == 0: return nil
            case .word("await"): return nil
            default: break
            }
            if depth < 0 { return nil }
        }
        guard depth == 0 else { return nil }
        // Join a start onto the statement above when the line carries over.
        var statements: [Range<Int>] = []
        for (n, start) in starts.enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1] : tokens.count
            var previous = start - 1
            while previous >= 0, tokens[previous] == .newline { previous -= 1 }
            let carriedOver: Bool = {
                guard !statements.isEmpty else { return false }
                switch tokens[start] {
                case .symbol(let s) where s != "@": return true
                case .word(let w) where Self.continuing.contains(w): return true
                default: break
                }
                // A line ending in a binary operator goes on (not `>`, which ends `Array<Double>`,
                // nor a postfix `!` or `?`).
                if previous >= 0, case .symbol(let s) = tokens[previous], !["!", "?", "@", ">", "<"].contains(s) { return true }
                return false
            }()
            if carriedOver, let last = statements.popLast() {
                statements.append(last.lowerBound..<end)
            } else {
                statements.append(start..<end)
            }
        }
        var pieces: [Piece] = []
        for range in statements {
            var last = range.upperBound - 1
            while last > range.lowerBound, tokens[last] == .newline { last -= 1 }
            let from = offsets[range.lowerBound]
            let to = last + 1 < offsets.count ? offsets[last + 1] : characters.count
            let text = String(characters[from..<to])
            let line = Self.line(at: from, in: characters)
            guard let kind = Self.kind(of: Array(tokens[range.lowerBound...last])) else { return nil }
            if case .global(_, throwing: true) = kind {
                // `let x = try f()` → `let x = _lecternGlobal { try f()\n}`, on the same lines.
                var d = 0
                guard let equals = (range.lowerBound...last).first(where: { k in
                    if case .open = tokens[k] { d += 1 }
                    if case .close = tokens[k] { d -= 1 }
                    return d == 0 && tokens[k] == .symbol("=")
                }) else { return nil }
                let cut = offsets[equals] + 1 - from
                let head = String(text.prefix(cut)), tail = String(text.dropFirst(cut))
                pieces.append(Piece(kind: kind, text: head + " _lecternGlobal {" + tail + "\n}", line: line))
                continue
            }
            if case .global(let names, _) = kind, names.count > 1, let entries = Self.entries(tokens, offsets, range.lowerBound...last, characters) {
                // `let a = f { … }, b = g { … }` as one file-scope declaration gives `b`
                // `a`'s closure (Swift 6.3, -parse-as-library): one declaration per entry.
                for (entryText, entryLine, entryNames) in entries {
                    pieces.append(Piece(kind: .global(names: entryNames, throwing: false), text: entryText, line: entryLine))
                }
                continue
            }
            pieces.append(Piece(kind: kind, text: text, line: line))
        }
        self.pieces = pieces
    }

    /// The entries of `let a = 1, b = 2` (not a tuple pattern) as separate
    /// declarations with the same keyword and modifiers, each with its line
    /// and name; nil for a single entry.
    private static func entries(_ tokens: [CellNames.Token], _ offsets: [Int], _ range: ClosedRange<Int>,
                                _ characters: [Character]) -> [(String, Int, [String])]? {
        guard let keyword = range.first(where: { tokens[$0] == .word("let") || tokens[$0] == .word("var") }),
              case .word(let first)? = tokens[safe: keyword + 1] else { return nil }
        var depth = 0
        var commas: [Int] = []
        for k in range {
            switch tokens[k] {
            case .open: depth += 1
            case .close: depth -= 1
            case .symbol(",") where depth == 0: commas.append(k)
            default: break
            }
        }
        guard !commas.isEmpty else { return nil }
        let start = offsets[range.lowerBound]
        let end = range.upperBound + 1 < offsets.count ? offsets[range.upperBound + 1] : characters.count
        let head = String(characters[start..<(offsets[keyword] + 3)])
        var result = [(String(characters[start..<offsets[commas[0]]]), line(at: start, in: characters), [first])]
        for (n, comma) in commas.enumerated() {
            guard case .word(let name)? = tokens[safe: comma + 1] else { return nil }
            let from = offsets[comma + 1]
            let to = n + 1 < commas.count ? offsets[commas[n + 1]] : end
            result.append((head + " " + String(characters[from..<to]), line(at: from, in: characters), [name]))
        }
        return result
    }

    /// The 0-based line of character `offset`.
    private static func line(at offset: Int, in characters: [Character]) -> Int {
        characters[..<offset].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }

    /// What a statement is, from its tokens; nil when it cannot move.
    private static func kind(of tokens: [CellNames.Token]) -> Kind? {
        // A statement joined onto the one above by mistake could carry a global
        // off its place: a line inside it that starts a declaration keeps the script layout.
        var level = 0
        for (k, token) in tokens.enumerated() {
            switch token {
            case .open: level += 1
            case .close: level -= 1
            case .word(let w) where level == 0 && k > 0 && tokens[k - 1] == .newline:
                if w == "let" || w == "var" || declarationWords.contains(w) { return nil }
            default: break
            }
        }
        var i = 0
        var attributed = false
        while i < tokens.count {
            if case .word(let w) = tokens[i], modifiers.contains(w) { i += 1; continue }
            if tokens[i] == .symbol("@") {
                attributed = true
                i += 2
                if tokens[safe: i] == .open("(") {
                    var depth = 0
                    repeat {
                        if case .open = tokens[i] { depth += 1 }
                        if case .close = tokens[i] { depth -= 1 }
                        i += 1
                    } while i < tokens.count && depth > 0
                }
                continue
            }
            if tokens[i] == .newline { i += 1; continue }
            break
        }
        guard case .word(let keyword)? = tokens[safe: i] else { return attributed ? nil : .statement }
        if declarationWords.contains(keyword) { return .declaration }
        if keyword == "guard" || keyword == "defer" { return nil }
        guard keyword == "let" || keyword == "var" else { return attributed ? nil : .statement }
        if attributed { return nil }
        // `let name = …`, `let (a, b) = …`, `let a = 1, b = 2`: every name initialised.
        var names: [String] = []
        var depth = 0
        var expectingName = true
        var initialised = false
        var j = i + 1
        while j < tokens.count {
            let token = tokens[j]
            switch token {
            case .open: depth += 1
            case .close: depth -= 1
            case .symbol(",") where depth == 0:
                guard initialised else { return nil }
                expectingName = true
                initialised = false
            case .symbol("=") where depth == 0: expectingName = false; initialised = true
            case .symbol(":") where depth <= 1: if depth == 0 { expectingName = false }
            case .word(let w) where expectingName && w != "_": names.append(w)
            default: break
            }
            if case .open("{") = token, depth == 1, !initialised { return nil }   // a computed or observed var
            j += 1
        }
        guard initialised, !names.isEmpty else { return names.isEmpty && initialised ? .statement : nil }
        let throwing = tokens.contains(.word("try"))
        if throwing && names.count > 1 && !(tokens[safe: i + 1] == .open("(")) { return nil }
        return .global(names: names, throwing: throwing)
    }
}
