import Yams

/// The options set at one place (a cell's `//|` lines, an `execute:` block,
/// a front matter, `lectern.yml`), or all of them settled for a cell or a
/// lecture. Keyed by the option's key; a value is there only when set.
public struct OptionValues: Sendable, Equatable, Hashable, Codable {
    public private(set) var values: [String: OptionValue] = [:]

    public init() {}

    /// The value set for `option`, if any.
    subscript(option: Option) -> OptionValue? {
        get { values[option.key] }
        set { values[option.key] = newValue }
    }

    /// Values from `overrides` where set, else from `self` (a cell's own
    /// over its lecture's over the course's).
    func merged(with overrides: OptionValues) -> OptionValues {
        var out = self
        out.values.merge(overrides.values) { _, new in new }
        return out
    }

    /// The value in force for `option`: the one set, or its default.
    func value(_ option: Option) -> OptionValue? { values[option.key] ?? option.defaultValue }

    func flag(_ option: Option) -> Bool {
        if case .flag(let b)? = value(option) { return b }
        return false
    }

    /// A number in force; nil only for an option without a default that is not set.
    func number(_ option: Option) -> Double? {
        if case .number(let d)? = value(option) { return d }
        return nil
    }

    func bytes(_ option: Option) -> Int {
        if case .bytes(let n)? = value(option) { return n }
        return 0
    }

    func text(_ option: Option) -> String? {
        if case .text(let t)? = value(option) { return t }
        return nil
    }

    /// The values in force of the options in `table` that reach at least
    /// `reach`, as one line: what the cache key and the preview's change
    /// detection compare.
    func signature(_ levels: Set<Option.Level>, reaching reach: Option.Reach) -> String {
        Options.all.filter { levels.contains($0.level) && $0.reach >= reach }
            .map { "\($0.key)=\(value($0)?.written ?? "-")" }.joined(separator: " ")
    }

    /// Sets the option `key` names among `levels` from a YAML value; false
    /// when no such option is there.
    mutating func set(_ key: String, _ node: Node, levels: Set<Option.Level>, file: String, line: Int) throws -> Bool {
        guard let option = Options.named(key, levels) else { return false }
        self[option] = try option.value(of: node, file: file, line: line)
        return true
    }

    /// Reads an `execute:` block: defaults for cells.
    static func execute(_ node: Node, file: String, firstLine: Int) throws -> OptionValues {
        guard let mapping = node.mapping else {
            throw LecternError(file: file, line: firstLine + (node.mark?.line ?? 1) - 1, "'execute' must be a mapping of cell options such as 'echo: false'")
        }
        var options = OptionValues()
        for (key, value) in mapping {
            let name = key.string ?? ""
            let line = firstLine + (key.mark?.line ?? 1) - 1
            if try !options.set(name, value, levels: [.cellOrDefault, .execution], file: file, line: line) {
                let known = Options.keys([.cellOrDefault, .execution])
                let cellOnly = Options.named(name, [.cell]) != nil ? " ('\(name)' is set on a cell, not as a default)" : Options.suggestion(for: name, among: known)
                throw LecternError(file: file, line: line, "unknown execution option '\(name)'\(cellOnly); known: \(known.joined(separator: ", "))")
            }
        }
        return options
    }
}
