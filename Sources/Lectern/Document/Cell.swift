/// An executable Swift cell: a fenced `swift` block of a lecture.
public struct Cell: Sendable, Equatable, Codable {
    /// Position among the lecture's Swift cells, from 0.
    public var index: Int
    /// The code, option lines included (they are comments to Swift).
    public var code: String
    /// The file line of the code's first line (the line after the fence).
    public var firstLine: Int
    public var options: CellOptions
    /// The options in force: the cell's own over the lecture's over the course's.
    public var settings: CellSettings

    /// The file line of the last code line.
    public var lastLine: Int { firstLine + max(0, lineCount - 1) }
    public var lineCount: Int { SourceText.lineCount(code) - (code.hasSuffix("\n") ? 1 : 0) }

    /// The code without its `//|` (or `#|`) option lines, as the page shows it.
    public var displayCode: String {
        var lines = SourceText.lines(code)
        while let first = lines.first, CellOptions.optionBody(first) != nil { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// The settled options of a cell: its own over its lecture's `execute:`
/// over the course's, with the table's defaults (`Options`) under all.
public struct CellSettings: Sendable, Equatable, Codable {
    /// Every option set for the cell, at any level.
    public var values: OptionValues

    init(_ values: OptionValues) { self.values = values }

    // Options with a default in the table never read as nil: the `!`s below cannot fail.

    public var echo: Echo { if case .echo(let e)? = values.value(Options.echo) { e } else { .show } }
    public var eval: Bool { values.flag(Options.eval) }
    public var output: Bool { values.flag(Options.output) }
    public var include: Bool { values.flag(Options.include) }
    public var error: Bool { values.flag(Options.error) }
    public var figWidth: Double { values.number(Options.figWidth)! }
    public var figHeight: Double { values.number(Options.figHeight)! }
    public var timeout: Double? { values.number(Options.cellTimeout) }
    /// Bytes of text output kept (1 MB unless set).
    public var outputLimit: Int { values.bytes(Options.outputLimit) }

    /// The values in force that reach the run or the program: two cells
    /// with the same code and the same signature run the same way.
    var signature: String { values.signature([.cell, .cellOrDefault], reaching: .runner) }
}

/// An inline `` `{swift} expr` `` in prose.
public struct InlineExpression: Sendable, Equatable, Codable {
    public var index: Int
    public var expression: String
    public var line: Int
    /// The last cell above it (−1 when none): it is evaluated after that cell.
    public var afterCell: Int
}

/// A section heading, for the table of contents.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    /// "2.1" when the lecture numbers its sections (`number-sections: true`).
    public var number: String? = nil
    /// It names a tab of a `::: {.panel-tabset}`: not a section of the sidebar.
    public var inTabset = false
}
