import LecternProtocol
import Yams

/// The table of options: every option of a cell, a lecture and the course,
/// declared once. Adding an option is one entry here (and the code that
/// uses its value); parsing, merging, "did you mean", the cache key, the
/// preview's change detection and the README's list all read this table.
enum Options {
    static let all: [Option] = [
        label, figCap, figAlt, tblCap, layoutNcol,
        echo, eval, output, include, error, figWidth, figHeight, cellTimeout, outputLimit,
        lectureTimeout, lectureOutputLimit, toc, numberSections, freeze,
    ]

    /// The longest timeout accepted, in seconds (about 11 days).
    static let longestTimeout = 1_000_000.0
    /// The largest figure side accepted, in inches.
    static let largestFigure = 100.0

    // MARK: Cell only

    static let label = Option(
        key: "label", level: .cell, reach: .page, defaultValue: nil,
        accepts: "a name that must start with a letter and hold only letters, digits, '-' and '_' (e.g. fig-posterior)",
        summary: "names the cell's figure or table for `@label` references") { node in
            guard let text = node.string, node.scalar != nil, text.firstMatch(of: /^[A-Za-z][A-Za-z0-9_-]*$/) != nil else { return nil }
            return .text(text)
        }
    static let figCap = Option(
        key: "fig-cap", level: .cell, reach: .page, defaultValue: nil, accepts: "text (quote it: \"…\")",
        summary: "the caption of the cell's figure", read: Option.text)
    static let tblCap = Option(
        key: "tbl-cap", level: .cell, reach: .page, defaultValue: nil, accepts: "text (quote it: \"…\")",
        summary: "the caption of the cell's table: numbered \"Table N\" (a table with no caption and no tbl- label has no number)", read: Option.text)
    static let layoutNcol = Option(
        key: "layout-ncol", level: .cell, reach: .page, defaultValue: nil, accepts: "a whole number of columns from 1 to 12",
        summary: "lays the cell's figures out side by side in this many columns (one column on a phone)") { node in
            guard let n = node.int, (1...12).contains(n) else { return nil }
            return .number(Double(n))
        }
    static let figAlt = Option(
        key: "fig-alt", level: .cell, reach: .page, defaultValue: nil, accepts: "text (quote it: \"…\")",
        summary: "the figure's text for screen readers (default: the caption)", read: Option.text)

    // MARK: Cell, or a default for a lecture's or the course's cells

    static let echo = Option(
        key: "echo", level: .cellOrDefault, reach: .page, defaultValue: .echo(.show), accepts: "true, false or fold",
        summary: "show the cell's code, hide it, or fold it behind a summary") { node in
            if node.string == "fold" { return .echo(.fold) }
            return node.bool.map { .echo($0 ? .show : .hide) }
        }
    static let eval = Option(
        key: "eval", level: .cellOrDefault, reach: .program, defaultValue: .flag(true), accepts: "true or false",
        summary: "run the cell (false: show the code only)", read: Option.flag)
    static let output = Option(
        key: "output", level: .cellOrDefault, reach: .page, defaultValue: .flag(true), accepts: "true or false",
        summary: "show what the cell printed and showed", read: Option.flag)
    static let include = Option(
        key: "include", level: .cellOrDefault, reach: .page, defaultValue: .flag(true), accepts: "true or false",
        summary: "show the cell at all (false: it runs, the page shows nothing of it)", read: Option.flag)
    static let error = Option(
        key: "error", level: .cellOrDefault, reach: .program, defaultValue: .flag(false), accepts: "true or false",
        summary: "the cell is expected to fail (it runs in a child process, so later cells still run)", read: Option.flag)
    static let figWidth = Option(
        key: "fig-width", level: .cellOrDefault, reach: .program, defaultValue: .number(7),
        accepts: "a positive number of inches up to \(Int(largestFigure))",
        summary: "the width of the cell's figures, in inches", read: Option.positive(upTo: largestFigure))
    static let figHeight = Option(
        key: "fig-height", level: .cellOrDefault, reach: .program, defaultValue: .number(4.5),
        accepts: "a positive number of inches up to \(Int(largestFigure))",
        summary: "the height of the cell's figures, in inches", read: Option.positive(upTo: largestFigure))
    static let cellTimeout = Option(
        key: "timeout", level: .cellOrDefault, reach: .program, defaultValue: nil,
        accepts: "a positive number of seconds up to \(Int(longestTimeout))",
        summary: "the longest the cell may run, in seconds (default: only the lecture's limit)", read: Option.positive(upTo: longestTimeout))
    static let outputLimit = Option(
        key: "output-limit", level: .cellOrDefault, reach: .runner, defaultValue: .bytes(ByteCount.defaultCellLimit),
        accepts: ByteCount.accepts,
        summary: "text the cell keeps; the rest is counted and shown as \"output truncated\"", read: Option.size)

    // MARK: A lecture (front matter), or every lecture (lectern.yml)

    static let lectureTimeout = Option(
        key: "timeout", level: .lecture, reach: .runner, defaultValue: .number(600),
        accepts: "a positive number of seconds up to \(Int(longestTimeout))",
        summary: "the longest the whole lecture may run, in seconds", read: Option.positive(upTo: longestTimeout))
    static let lectureOutputLimit = Option(
        key: "lecture-output-limit", level: .lecture, reach: .runner, defaultValue: .bytes(ByteCount.defaultLectureLimit),
        accepts: ByteCount.accepts, summary: "text kept from all the lecture's cells together", read: Option.size)
    static let toc = Option(
        key: "toc", level: .lecture, reach: .page, defaultValue: .flag(true), accepts: "true or false",
        summary: "list the lecture's sections beside the page", read: Option.flag)
    static let numberSections = Option(
        key: "number-sections", level: .lecture, reach: .page, defaultValue: .flag(false), accepts: "true or false",
        summary: "number the headings (1, 1.1, …)", read: Option.flag)

    // MARK: A lecture, under `execute:`

    static let freeze = Option(
        key: "freeze", level: .execution, reach: .page, defaultValue: .flag(false), accepts: "auto, true or false",
        summary: "render from the results `lectern freeze` stored in `_freeze/`: auto while the cells, options, seed and inputs are those frozen; true even when they changed; false never") { node in
            if node.string == "auto" { return .text("auto") }
            return node.bool.map(OptionValue.flag)
        }

    // MARK: Lookup

    /// The options that may be written where `levels` are read.
    static func keys(_ levels: Set<Option.Level>) -> [String] {
        all.filter { levels.contains($0.level) }.map(\.key)
    }

    /// The option `key` names where `levels` are read.
    static func named(_ key: String, _ levels: Set<Option.Level>) -> Option? {
        all.first { $0.key == key && levels.contains($0.level) }
    }

    /// " (did you mean 'x'?)" for a key that is close to one of `known`.
    static func suggestion(for key: String, among known: [String]) -> String {
        Spelling.closest(to: key, among: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The README's list of options, generated from the table (a test keeps
    /// the README's copy equal to it).
    static var markdownTable: String {
        func place(_ level: Option.Level) -> String {
            switch level {
            case .cell: "cell"
            case .cellOrDefault: "cell, `execute:`"
            case .lecture: "front matter, `lectern.yml`"
            case .execution: "`execute:` (front matter, `lectern.yml`)"
            }
        }
        func reach(_ r: Option.Reach) -> String {
            switch r {
            case .page: "nothing (the page changes)"
            case .runner: "the cells from it"
            case .program: "a compile, the cells from it"
            }
        }
        var lines = ["| Option | Set on | Values | Default | A change runs again | What it does |", "|---|---|---|---|---|---|"]
        for option in all {
            let value = option.defaultValue.map { "`\($0.written)`" } ?? "none"
            let runs = option.level == .lecture && option.reach != .page ? "every cell" : reach(option.reach)
            lines.append("| `\(option.key)` | \(place(option.level)) | \(option.accepts) | \(value) | \(runs) | \(option.summary) |")
        }
        return lines.joined(separator: "\n")
    }
}
