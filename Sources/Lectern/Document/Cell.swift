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

/// The settled execution options of a cell.
public struct CellSettings: Sendable, Equatable, Codable {
    public var echo: Echo = .show
    public var eval = true
    public var output = true
    public var include = true
    public var error = false
    public var figWidth = 7.0
    public var figHeight = 4.5
    public var timeout: Double?
    /// Bytes of text output kept (1 MB unless set).
    public var outputLimit = ByteCount.defaultCellLimit

    init(_ options: ExecutionOptions) {
        echo = options.echo ?? echo
        eval = options.eval ?? eval
        output = options.output ?? output
        include = options.include ?? include
        error = options.error ?? error
        figWidth = options.figWidth ?? figWidth
        figHeight = options.figHeight ?? figHeight
        timeout = options.timeout
        outputLimit = options.outputLimit ?? outputLimit
    }
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
}
