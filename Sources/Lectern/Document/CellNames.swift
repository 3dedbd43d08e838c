/// The names a cell declares and the names it mentions, read with a light
/// Swift lexer (comments skipped; of strings only their interpolations
/// read; braces counted outside strings). The preview
/// needs them because a lecture is one `main.swift`: a cell may use a
/// function, type, extension member or global that a *later* cell declares
/// (`print(area(2))` in cell 1, `func area` in cell 5). A run from the
/// checkpoint before cell 5 would keep cell 1's output from the old
/// `area`, which a fresh render would not show; so an edit runs from the
/// first cell that mentions anything the edit may have changed
/// (`CellNames.reach`, used by `Incremental`).
///
/// Over-approximate on purpose: a word that only looks like a declared
/// name (a local the reader did not see as one) makes the edit start
/// earlier, which costs time and never correctness.
struct CellNames: Equatable, Sendable {
    /// Names declared at the cell's top level: functions, types, globals
    /// (`let (a, b)` patterns too), and the types it extends.
    var declared: Set<String> = []
    /// The top-level `let` and `var` names among `declared`: globals that
    /// hold a value only once the cell has run (unlike functions and types).
    var globals: Set<String> = []
    /// Names declared in the bodies of the types and extensions it declares.
    var members: Set<String> = []
    /// Identifiers used as themselves: not after a `.`, not an argument
    /// label, not a local of the function, closure or block they are in.
    var mentioned: Set<String> = []
    /// Identifiers used after a `.` (`net.train`, `.small`).
    var memberMentions: Set<String> = []
    /// The top-level `var` names among `globals`: values other cells may change.
    var variables: Set<String> = []
    /// The globals the generated program may read right after the cell, in
    /// order: those of a top-level `let`/`var` that starts a statement and
    /// has an initialiser (`let x = …`, `var (a, b) = …`, `let a = 1, b = 2`).
    /// Strict where `globals` over-approximates (the names of `if let x`,
    /// `case let x` are not globals; `let x: Int` with no initialiser cannot
    /// be read yet); none in a cell with `#if`. The preview digests these
    /// (`Program`, `_lecternValue`).
    var fingerprinted: [String] = []
    /// The `var` names among `fingerprinted`.
    var fingerprintedVariables: Set<String> = []
    /// The source text (comments included) of the top-level statements
    /// that declare each function, type, extended type and member: an edit
    /// changes a declaration only if it changes this text (`Incremental.keepable`).
    var definitions: [String: String] = [:]
    /// Declares a class or an actor, or a `static var`: state that code can
    /// share and change without naming it.
    var sharesState = false
    /// Declares something that can change code it never names: an operator
    /// function, or an extension that adds a conformance.
    var reachesEverywhere = false

    private static let typeKeywords: Set<String> = ["struct", "class", "enum", "actor", "protocol", "extension"]
    private static let nameKeywords: Set<String> = ["func", "struct", "class", "enum", "actor", "protocol", "typealias", "let", "var", "case"]

    /// An open brace or bracket while reading: a block (a type or extension
    /// body, whose declarations are members, or code, whose declarations
    /// are locals) or a bracket.
    private enum Frame {
        case type
        case code(locals: Set<String>)
        case bracket(Character)
    }

    init(_ code: String) {
        let (tokens, offsets) = Self.lex(code)
        let characters = Array(code)
        // The top-level statement being read, for `definitions`.
        var chunkStart = 0, chunkNames: Set<String> = [], chunkNeedsBody = false, chunkBodyClosed = false
        func finishChunk(at end: Int) {
            if !chunkNames.isEmpty, chunkStart < offsets.count {
                let text = String(characters[offsets[chunkStart]..<(end < offsets.count ? offsets[end] : characters.count)])
                for name in chunkNames { definitions[name, default: ""] += text + "\n" }
            }
            chunkStart = end + 1
            chunkNames = []
            chunkNeedsBody = false
            chunkBodyClosed = false
        }
        var frames: [Frame] = []
        var statementType: String?   // the type keyword seen in this statement, before its `{`
        var declaring = false        // in a `let`/`var`/`case` list at the current block's level
        var declaringValues = false  // … and that list is a `let` or `var`
        var declaringVariables = false  // … a `var`
        var pendingLocals: Set<String> = []   // a function's parameters or a loop's names, for the next `{`
        var strictList = false      // the `let`/`var` list being read starts a top-level statement
        /// The innermost block: nil at the cell's top level.
        func block() -> Frame? { frames.last { if case .bracket = $0 { false } else { true } } }
        func atBlockLevel() -> Bool { if case .bracket? = frames.last { false } else { true } }
        func inTypeOrTop() -> Bool { if case .code? = block() { false } else { true } }
        func isLocal(_ name: String) -> Bool {
            frames.contains { if case .code(let locals) = $0 { locals.contains(name) } else { false } }
        }
        /// Records `name` among `fingerprinted` when an initialiser follows it.
        func fingerprint(_ name: String, variable: Bool, initialisedAfter start: Int) {
            guard name != "_", !fingerprinted.contains(name), Self.initialiser(in: tokens, from: start) else { return }
            fingerprinted.append(name)
            if variable { fingerprintedVariables.insert(name) }
        }
        /// Records `name` as declared where the reader is (`value`: by `let` or `var`).
        func declare(_ name: String, value: Bool = false, variable: Bool = false) {
            switch block() {
            case nil:
                if !value { chunkNames.insert(name) }
                declared.insert(name)
                if value { globals.insert(name) }
                if value && variable { variables.insert(name) }
            case .type?: members.insert(name); chunkNames.insert(name)
            case .code?:
                if let at = frames.lastIndex(where: { if case .code = $0 { true } else { false } }),
                   case .code(var locals) = frames[at] {
                    locals.insert(name)
                    frames[at] = .code(locals: locals)
                }
            case .bracket?: break
            }
        }
        /// The words of a bracketed list starting at `start` (an open bracket), and the index after it.
        func bracketed(from start: Int) -> (words: [[String]], end: Int) {
            var j = start + 1, depth = 1
            var parts: [[String]] = [[]]
            var beforeColon = true
            while j < tokens.count, depth > 0 {
                switch tokens[j] {
                case .open: depth += 1
                case .close: depth -= 1
                case .symbol(",") where depth == 1: parts.append([]); beforeColon = true
                case .symbol(":") where depth == 1: beforeColon = false
                case .symbol("=") where depth == 1: beforeColon = false
                case .word(let w) where depth == 1 && beforeColon: parts[parts.count - 1].append(w)
                default: break
                }
                j += 1
            }
            return (parts, j)
        }
        /// A function's, initialiser's or subscript's parameter list after
        /// token `start`: its inner names become locals of the body that
        /// follows (the list declares, it does not use); the index after it.
        func parameters(after start: Int) -> Int? {
            var j = start + 1
            while j < tokens.count, tokens[j] != .open("("), tokens[j] != .open("{") { j += 1 }
            guard tokens[safe: j] == .open("(") else { return nil }
            let list = bracketed(from: j)
            pendingLocals.formUnion(list.words.compactMap(\.last))
            return list.end
        }
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token {
            case .open("{"):
                if statementType != nil && inTypeOrTop() {
                    frames.append(.type)
                } else {
                    // A closure's parameters: `{ a, b in`, `{ (a: Int) -> Int in` on the brace's line.
                    var locals = pendingLocals
                    var j = i + 1, names: [String] = []
                    scan: while j < tokens.count {
                        switch tokens[j] {
                        case .word("in"): locals.formUnion(names); break scan
                        case .word("for"), .word("case"), .word("let"), .word("var"), .newline, .open("{"), .close("}"): break scan
                        case .word(let w): names.append(w)
                        default: break
                        }
                        j += 1
                    }
                    frames.append(.code(locals: locals))
                }
                pendingLocals = []
                statementType = nil
                declaring = false
            case .close("}"):
                if let at = frames.lastIndex(where: { if case .bracket = $0 { false } else { true } }) { frames.removeSubrange(at...) }
                if frames.isEmpty && chunkNeedsBody { chunkBodyClosed = true }
                statementType = nil
                declaring = false
            case .open(let c): frames.append(.bracket(c))
            case .close:
                if case .bracket? = frames.last { frames.removeLast() }
            case .newline:
                if atBlockLevel() { declaring = false }
                if frames.isEmpty && (!chunkNeedsBody || chunkBodyClosed) { finishChunk(at: i) }
            case .word(let word):
                if Self.typeKeywords.contains(word), inTypeOrTop() { statementType = word }
                if frames.isEmpty, Self.typeKeywords.contains(word) || word == "func" { chunkNeedsBody = true }
                if (word == "class" || word == "actor"), case .word? = tokens[safe: i + 1] { sharesState = true }
                if word == "static", tokens[safe: i + 1] == .word("var") { sharesState = true }
                if word == "extension", inTypeOrTop() {
                    if case .word(let extended)? = tokens[safe: i + 1] { declared.insert(extended); if frames.isEmpty { chunkNames.insert(extended) } }
                    // `extension T: P` (or a `where` clause) may change what any code does with a T.
                    var j = i + 2
                    while j < tokens.count, tokens[j] != .open("{") {
                        if tokens[j] == .symbol(":") || tokens[j] == .word("where") { reachesEverywhere = true }
                        j += 1
                    }
                }
                if word == "for" {
                    // `for x in`, `for (i, x) in`, `for case let x? in`: the loop's names.
                    var j = i + 1
                    while j < tokens.count, tokens[j] != .word("in"), tokens[j] != .open("{") {
                        if case .word(let w) = tokens[j], w != "case", w != "let", w != "var" { pendingLocals.insert(w) }
                        j += 1
                    }
                    if tokens[safe: j] == .word("in") { i = j }
                }
                if Self.nameKeywords.contains(word) && word != "extension" {
                    let inType = { if case .type? = block() { true } else { false } }()
                    let value = word == "let" || word == "var"
                    if value || (word == "case" && inType), atBlockLevel() { declaring = true; declaringValues = value; declaringVariables = word == "var" }
                    var next = i + 1
                    strictList = value && frames.isEmpty && Self.startsStatement(tokens, at: i)
                    switch tokens[safe: i + 1] {
                    case .word(let name)?:
                        guard word != "case" || inType else { break }   // a switch's case
                        declare(name, value: value, variable: word == "var")
                        if strictList { fingerprint(name, variable: word == "var", initialisedAfter: i + 2) }
                        next = i + 2
                        if word == "func", let end = parameters(after: i + 1) { next = end }
                    case .open("(")? where word == "let" || word == "var":
                        let pattern = bracketed(from: i + 1)
                        for name in pattern.words.joined() {
                            declare(name, value: true, variable: word == "var")
                            if strictList { fingerprint(name, variable: word == "var", initialisedAfter: pattern.end) }
                        }
                        next = pattern.end
                    case .symbol?, .open?:
                        if word == "func" { reachesEverywhere = true }   // func + (…), static func * (…)
                    default: break
                    }
                    i = next
                    continue
                }
                if word == "init" || word == "subscript", case .type? = block(), let end = parameters(after: i) {
                    i = end
                    continue
                }
                // How the word is used.
                if tokens[safe: i - 1] == .symbol(".") {
                    memberMentions.insert(word)
                } else if case .bracket("(")? = frames.last, tokens[safe: i + 1] == .symbol(":"),
                          tokens[safe: i - 1] == .open("(") || tokens[safe: i - 1] == .symbol(",") {
                    // An argument label.
                } else if !isLocal(word) {
                    mentioned.insert(word)
                }
            case .symbol(","):
                // `let a = 1, b = 2`, `case a, b`: the next name of the list.
                if declaring, atBlockLevel(), case .word(let name)? = tokens[safe: i + 1] {
                    declare(name, value: declaringValues, variable: declaringVariables)
                    if strictList && frames.isEmpty && declaringValues {
                        fingerprint(name, variable: declaringVariables, initialisedAfter: i + 2)
                    }
                    i += 1
                }
            default: break
            }
            i += 1
        }
        finishChunk(at: tokens.count)
        if code.contains("#if") { fingerprinted = []; fingerprintedVariables = [] }
    }

    /// Whether the `let`/`var` at token `i` starts a statement: after a line
    /// end, a `;`, the cell's start, or access modifiers that follow one.
    static func startsStatement(_ tokens: [Token], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, case .word(let w) = tokens[j], ["private", "fileprivate", "internal", "public", "nonisolated"].contains(w) { j -= 1 }
        return j < 0 || tokens[j] == .newline || tokens[j] == .symbol(";")
    }

    /// Whether an `=` follows token `start` in its declaration, before the
    /// line, the list item or a body ends (brackets skipped).
    static func initialiser(in tokens: [Token], from start: Int) -> Bool {
        var depth = 0
        for token in tokens[min(start, tokens.count)...] {
            switch token {
            case .open("{") where depth == 0: return false
            case .open: depth += 1
            case .close: depth -= 1; if depth < 0 { return false }
            case .symbol("=") where depth == 0: return true
            case .symbol(",") where depth == 0, .newline where depth == 0: return false
            default: break
            }
        }
        return false
    }

    /// What an edit may have changed the meaning of: the names and members
    /// the `changed` cells declare, old text and new, and those of every
    /// other cell that uses one of them and declares its own (a later
    /// `func g` that calls a changed `f` changes with it); nil when the edit
    /// may change any code (an operator or a conformance among them).
    static func reach(of changed: Set<Int>, in cells: [CellNames], old: [CellNames]) -> Reach? {
        var reach = Reach()
        for c in changed {
            for names in [cells[safe: c], old[safe: c]].compactMap({ $0 }) {
                if names.reachesEverywhere { return nil }
                reach.add(names)
            }
        }
        var grew = true
        while grew {
            grew = false
            for (c, names) in cells.enumerated() where !changed.contains(c) && reach.touches(names)
                && !(names.declared.isSubset(of: reach.names) && names.members.isSubset(of: reach.members)) {
                if names.reachesEverywhere { return nil }
                reach.add(names)
                grew = true
            }
        }
        return reach
    }

    /// The names and members an edit reaches.
    struct Reach: Equatable {
        var names: Set<String> = []
        var members: Set<String> = []
        var isEmpty: Bool { names.isEmpty && members.isEmpty }

        mutating func add(_ cell: CellNames) {
            names.formUnion(cell.declared)
            members.formUnion(cell.members)
        }

        /// Whether `cell` uses something reached.
        func touches(_ cell: CellNames) -> Bool {
            !cell.mentioned.isDisjoint(with: names) || !cell.memberMentions.isDisjoint(with: members)
        }
    }

    // MARK: The lexer

    enum Token: Equatable {
        case word(String)
        case open(Character)
        case close(Character)
        case symbol(String)
        case newline
        /// A number or string literal (only when `lex` is asked for them).
        case literal
    }

    /// The cell's tokens: words (identifiers, keywords, `backticked` names),
    /// brackets, `,` `:` `=` and other symbols, and line ends. Comments are
    /// dropped; of a string only the words of its interpolations are read
    /// (a `"{"` does not open a block).
    static func tokens(_ code: String) -> [Token] { lex(code).tokens }

    /// The cell's tokens (see `tokens`) and where each starts in the code (a
    /// character offset; an interpolation's words at their `\`).
    static func lex(_ code: String, literals: Bool = false) -> (tokens: [Token], offsets: [Int]) {
        var tokens: [Token] = []
        var offsets: [Int] = []
        func literal(at start: Int) { if literals { tokens.append(.literal); offsets.append(start) } }
        let chars = Array(code)
        var i = 0
        func isIdentifierStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
        func isIdentifierPart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
        func word(at start: Int) -> Int {
            var j = start
            while j < chars.count, isIdentifierPart(chars[j]) { j += 1 }
            tokens.append(.word(String(chars[start..<j]))); offsets.append(start)
            return j
        }
        /// Reads a string literal from its opening quote(s); returns the index after it.
        func string(from start: Int, hashes: Int) -> Int {
            var j = start
            let multiline = j + 2 < chars.count && chars[j] == "\"" && chars[j + 1] == "\"" && chars[j + 2] == "\""
            j += multiline ? 3 : 1
            while j < chars.count {
                let c = chars[j]
                if c == "\\" {
                    var k = j + 1, h = 0
                    while h < hashes, k < chars.count, chars[k] == "#" { h += 1; k += 1 }
                    if h == hashes, k < chars.count, chars[k] == "(" {
                        // An interpolation: its code, up to the matching paren.
                        var depth = 1, m = k + 1
                        let inner = m
                        while m < chars.count, depth > 0 {
                            if chars[m] == "(" { depth += 1 }
                            if chars[m] == ")" { depth -= 1 }
                            if chars[m] == "\"" { break }   // a nested string: stop reading code here
                            m += 1
                        }
                        for token in CellNames.tokens(String(chars[inner..<max(inner, m - (depth == 0 ? 1 : 0))])) {
                            if case .word = token { tokens.append(token); offsets.append(j) }
                        }
                        j = m
                        continue
                    }
                    j += 2
                    continue
                }
                if c == "\"" {
                    let closes = multiline ? (j + 2 < chars.count && chars[j + 1] == "\"" && chars[j + 2] == "\"") : true
                    if closes {
                        var k = j + (multiline ? 3 : 1), h = 0
                        while h < hashes, k < chars.count, chars[k] == "#" { h += 1; k += 1 }
                        if h == hashes { return k }
                    }
                }
                if !multiline && c == "\n" { return j }
                j += 1
            }
            return j
        }
        while i < chars.count {
            let c = chars[i]
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                var depth = 1
                i += 2
                while i < chars.count, depth > 0 {
                    if chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == "*" { depth += 1; i += 2; continue }
                    if chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/" { depth -= 1; i += 2; continue }
                    i += 1
                }
                continue
            }
            if c == "#" {
                var k = i, hashes = 0
                while k < chars.count, chars[k] == "#" { hashes += 1; k += 1 }
                if k < chars.count, chars[k] == "\"" { literal(at: i); i = string(from: k, hashes: hashes); continue }
                i = k
                continue
            }
            if c == "\"" { literal(at: i); i = string(from: i, hashes: 0); continue }
            if c == "`" {
                var j = i + 1
                while j < chars.count, chars[j] != "`", chars[j] != "\n" { j += 1 }
                tokens.append(.word(String(chars[(i + 1)..<j]))); offsets.append(i)
                i = min(chars.count, j + 1)
                continue
            }
            if isIdentifierStart(c) { i = word(at: i); continue }
            if c.isNumber {
                literal(at: i)
                while i < chars.count, isIdentifierPart(chars[i]) || chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber { i += 1 }
                continue
            }
            switch c {
            case "\n": tokens.append(.newline); offsets.append(i)
            case "{", "(", "[": tokens.append(.open(c)); offsets.append(i)
            case "}", ")", "]": tokens.append(.close(c)); offsets.append(i)
            case " ", "\t", "\r": break
            case ".":
                // `.` alone is member access; `...` and `..<` are ranges.
                var j = i + 1
                while j < chars.count, chars[j] == "." || chars[j] == "<" && j > i + 1 { j += 1 }
                tokens.append(.symbol(String(chars[i..<j]))); offsets.append(i)
                i = j
                continue
            case "=", "<", ">", "!", "&", "|", "+", "-", "*", "/", "%", "^", "~", "?":
                // An operator: `=` alone, or `==`, `->`, `+=`, `!` and the like, one symbol each.
                var j = i
                while j < chars.count, "=<>!&|+-*/%^~?".contains(chars[j]) { j += 1 }
                tokens.append(.symbol(String(chars[i..<j]))); offsets.append(i)
                i = j
                continue
            default: tokens.append(.symbol(String(c))); offsets.append(i)
            }
            i += 1
        }
        return (tokens, offsets)
    }
}
