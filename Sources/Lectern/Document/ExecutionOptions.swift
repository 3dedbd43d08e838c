import Yams

/// How a cell's code is shown: in full, not at all, or folded behind a summary.
public enum Echo: String, Sendable, Codable, Equatable {
    case show, hide, fold
}

/// The cell options that may also be set for a whole lecture (front matter
/// `execute:`) or course (`lectern.yml` `execute:`). `nil` means "not set
/// here": a cell's value wins over its lecture's, which wins over the course's.
public struct ExecutionOptions: Sendable, Equatable, Codable {
    public var echo: Echo?
    public var eval: Bool?
    public var output: Bool?
    public var include: Bool?
    public var error: Bool?
    public var figWidth: Double?
    public var figHeight: Double?
    public var timeout: Double?
    /// The most bytes of text a cell's output keeps (the rest is counted and reported).
    public var outputLimit: Int?

    public init() {}

    /// The option names these fields answer to.
    static let keys = ["echo", "eval", "output", "include", "error", "fig-width", "fig-height", "timeout", "output-limit"]

    /// The longest timeout accepted, in seconds (about 11 days).
    static let longestTimeout = 1_000_000.0
    /// The largest figure side accepted, in inches.
    static let largestFigure = 100.0

    /// Values from `overrides` where set, else from `self`.
    func merged(with overrides: ExecutionOptions) -> ExecutionOptions {
        var out = self
        out.echo = overrides.echo ?? echo
        out.eval = overrides.eval ?? eval
        out.output = overrides.output ?? output
        out.include = overrides.include ?? include
        out.error = overrides.error ?? error
        out.figWidth = overrides.figWidth ?? figWidth
        out.figHeight = overrides.figHeight ?? figHeight
        out.timeout = overrides.timeout ?? timeout
        out.outputLimit = overrides.outputLimit ?? outputLimit
        return out
    }

    /// Sets option `key` from a YAML value; returns false when `key` is not one of these options.
    mutating func set(_ key: String, _ value: Node, at location: (String, Int)) throws -> Bool {
        let (file, line) = location
        func fail(_ expected: String) -> LecternError {
            LecternError(file: file, line: line, "option '\(key)' must be \(expected), not \(YAMLText.describe(value))")
        }
        func bool() throws -> Bool {
            guard let b = value.bool else { throw fail("true or false") }
            return b
        }
        func positive(upTo largest: Double, _ unit: String) throws -> Double {
            guard let d = value.float ?? value.int.map(Double.init), d > 0, d <= largest else {
                throw fail("a positive number of \(unit) up to \(Int(largest))")
            }
            return d
        }
        switch key {
        case "echo":
            if value.string == "fold" { echo = .fold } else {
                guard let b = value.bool else { throw fail("true, false or fold") }
                echo = b ? .show : .hide
            }
        case "eval": eval = try bool()
        case "output": output = try bool()
        case "include": include = try bool()
        case "error": error = try bool()
        case "fig-width": figWidth = try positive(upTo: Self.largestFigure, "inches")
        case "fig-height": figHeight = try positive(upTo: Self.largestFigure, "inches")
        case "timeout": timeout = try positive(upTo: Self.longestTimeout, "seconds")
        case "output-limit": outputLimit = try ByteCount.parse(value, key: key, at: location)
        default: return false
        }
        return true
    }

    /// Reads a YAML mapping of options (an `execute:` block).
    static func parse(_ node: Node, file: String, firstLine: Int) throws -> ExecutionOptions {
        guard let mapping = node.mapping else {
            throw LecternError(file: file, line: firstLine + (node.mark?.line ?? 1) - 1, "'execute' must be a mapping of cell options such as 'echo: false'")
        }
        var options = ExecutionOptions()
        for (key, value) in mapping {
            let name = key.string ?? ""
            let line = firstLine + (key.mark?.line ?? 1) - 1
            if try !options.set(name, value, at: (file, line)) {
                throw LecternError(file: file, line: line, "unknown execution option '\(name)'; known: \(keys.joined(separator: ", "))")
            }
        }
        return options
    }
}
