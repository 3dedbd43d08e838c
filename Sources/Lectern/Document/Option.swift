import Yams

/// A value an option holds, as read from YAML and checked.
public enum OptionValue: Sendable, Equatable, Hashable, Codable {
    case flag(Bool)
    case number(Double)
    case bytes(Int)
    case text(String)
    case echo(Echo)

    /// How it reads in a signature or the README.
    var written: String {
        switch self {
        case .flag(let b): "\(b)"
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? "\(Int(d))" : "\(d)"
        case .bytes(let n): ByteCount.written(n)
        case .text(let t): t
        case .echo(let e): e == .show ? "true" : e == .hide ? "false" : "fold"
        }
    }
}

/// How a cell's code is shown: in full, not at all, or folded behind a summary.
public enum Echo: String, Sendable, Codable, Equatable, Hashable {
    case show, hide, fold
}

/// One entry of the table of options (`Options.all`): its key, where it may
/// be set, how its value is read and checked, its default, and what a
/// change of it reaches. Parsing, merging, the cache key, the preview's
/// change detection, "did you mean" and the README's list all come from it.
struct Option: Sendable {
    /// Where an option is set.
    enum Level: Sendable {
        /// On a cell only (`//| key: value`).
        case cell
        /// On a cell, or as a default for the cells of a lecture (front
        /// matter `execute:`) or of the course (`lectern.yml` `execute:`).
        case cellOrDefault
        /// For a whole lecture: its front matter, or `lectern.yml` for every lecture.
        case lecture
        /// For a whole lecture, written under `execute:` (of the front matter,
        /// or of `lectern.yml` for every lecture), as Quarto writes `freeze`.
        case execution
    }

    /// What a change of the option reaches, and so what must run again.
    enum Reach: Int, Sendable, Comparable {
        /// Only the page: nothing runs again.
        case page
        /// What the runner keeps or allows (limits): the cells run again,
        /// from the first one it changes, but nothing is compiled again.
        case runner
        /// The program itself (compiled in, or which cells run): compiled
        /// and run again from the first cell it changes.
        case program

        static func < (a: Reach, b: Reach) -> Bool { a.rawValue < b.rawValue }
    }

    let key: String
    let level: Level
    let reach: Reach
    /// The value when no level sets it; nil: none (a cell without its own timeout).
    let defaultValue: OptionValue?
    /// What values it takes, for errors and the README ("true, false or fold").
    let accepts: String
    /// What it does, one sentence for the README.
    let summary: String
    /// Reads and checks a YAML value; nil when it is not acceptable.
    let read: @Sendable (Node) -> OptionValue?

    /// Reads `value` for this option at `file:line`, or says what it takes.
    func value(of node: Node, file: String, line: Int) throws -> OptionValue {
        guard let value = read(node) else {
            throw LecternError(file: file, line: line, "option '\(key)' must be \(accepts), not \(YAMLText.describe(node))")
        }
        return value
    }

    // MARK: Readers

    static func flag(_ node: Node) -> OptionValue? { node.bool.map(OptionValue.flag) }

    /// A positive number up to `largest`.
    static func positive(upTo largest: Double) -> @Sendable (Node) -> OptionValue? {
        { node in
            guard let d = node.float ?? node.int.map(Double.init), d > 0, d <= largest else { return nil }
            return .number(d)
        }
    }

    static func size(_ node: Node) -> OptionValue? { ByteCount.read(node).map(OptionValue.bytes) }

    /// Text (a YAML scalar).
    static func text(_ node: Node) -> OptionValue? {
        guard node.scalar != nil, let text = node.string else { return nil }
        return .text(text)
    }
}
