import Yams

/// Every YAML text Lectern reads (front matter, `lectern.yml`, cell option
/// values) goes through here: its nesting is measured before Yams sees it
/// (Yams and libyaml recurse once per level, so a few thousand levels
/// overflow the stack), and a YAML error becomes a located `LecternError`.
enum YAMLText {
    /// The deepest nesting Lectern reads: far more than any course needs.
    static let maximumDepth = 64

    /// The YAML document in `text`, whose first line is line `firstLine` of
    /// `file`; `what` names it in errors ("the front matter").
    static func compose(_ text: String, file: String, firstLine: Int, what: String) throws -> Node? {
        if let line = lineTooDeep(text) {
            throw LecternError(file: file, line: firstLine + line - 1,
                               "\(what) is nested more than \(maximumDepth) levels deep here; Lectern reads at most \(maximumDepth) levels of YAML (flatten it)")
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw LecternError(file: file, line: firstLine + yamlLine(error) - 1, "\(what) is not valid YAML: \(yamlProblem(error))")
        }
    }

    /// The first line (1-based) at which `text` nests deeper than
    /// `maximumDepth`, counting indentation levels, `- ` items and open
    /// `[`/`{` brackets (outside quotes); nil when it never does. An
    /// overestimate is fine: it only has to be right for sane YAML.
    static func lineTooDeep(_ text: String) -> Int? {
        var indents: [Int] = []
        var flow = 0
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let bytes = Array(line.utf8)
            var i = 0
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            guard i < bytes.count, bytes[i] != UInt8(ascii: "#") else { continue }
            if flow == 0 {
                while let last = indents.last, last >= i { indents.removeLast() }
                indents.append(i)
            }
            var items = 0
            while i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: " ") {
                items += 1
                i += 2
                while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            }
            var quote: UInt8?
            var deepest = flow
            while i < bytes.count {
                let byte = bytes[i]
                if let open = quote {
                    if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") { i += 1 } else if byte == open { quote = nil }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
                    case UInt8(ascii: "["), UInt8(ascii: "{"): flow += 1; deepest = max(deepest, flow)
                    case UInt8(ascii: "]"), UInt8(ascii: "}"): flow = max(0, flow - 1)
                    case UInt8(ascii: "#") where i > 0 && bytes[i - 1] == UInt8(ascii: " "): i = bytes.count
                    default: break
                    }
                }
                i += 1
            }
            if indents.count + items + deepest > maximumDepth { return number }
        }
        return nil
    }

    /// A scalar's text, or an error at `line` saying `key` must be text.
    static func text(_ value: Node, key: String, file: String, line: Int) throws -> String {
        guard let s = value.string, value.scalar != nil else {
            throw LecternError(file: file, line: line, "'\(key)' must be text, e.g. \(key): \"…\"")
        }
        return s
    }

    /// One text or a list of texts (`author: A` or `author: [A, B]`).
    static func texts(_ value: Node, key: String, file: String, line: Int) throws -> [String] {
        guard let list = value.sequence else { return [try text(value, key: key, file: file, line: line)] }
        return try list.map { try text($0, key: key, file: file, line: line) }
    }

    /// A value as an error message quotes it: a scalar as written, else its kind.
    static func describe(_ value: Node) -> String {
        if let scalar = value.scalar { return "'\(scalar.string)'" }
        return value.mapping != nil ? "a mapping" : "a list"
    }
}
