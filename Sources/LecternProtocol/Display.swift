/// What a cell shows: plain text, a table, or an SVG figure.
public enum Display: Codable, Sendable, Equatable {
    case text(String)
    case table(TableData)
    case svg(String)
}

/// A table: a header row and rows of cells, already formatted as text. The
/// runtime's `Table` is this type; the page shows it as an HTML table with
/// every cell escaped.
public struct TableData: Codable, Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]
    public var caption: String?

    public init(columns: [String], rows: [[String]], caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
    }

    /// Columns padded with spaces, for a terminal (`lectern run`, `print(table)`).
    public var plainText: String {
        let all = [columns] + rows
        let widths = (0..<columns.count).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                cell.padding(toLength: i < widths.count ? widths[i] : cell.count, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        if let caption { lines.insert(caption, at: 0) }
        return lines.joined(separator: "\n")
    }
}

/// A figure's size in inches when neither the cell (`fig-width`,
/// `fig-height`) nor the figure itself says otherwise.
public enum FigureSize {
    public static let defaultWidth = 7.0
    public static let defaultHeight = 4.5
}
