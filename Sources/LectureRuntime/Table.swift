import LecternProtocol

/// A small table for a lecture page: a header row and rows of cells, shown by
/// Lectern as an HTML table (every cell escaped).
///
///     show(Table(["n", "mean"], rows: [[10, 0.52], [100, 0.497]]))
public typealias Table = TableData

extension TableData: Displayable {
    /// A table whose cells are shown by `InlineFormat` (numbers to four significant digits).
    public init(_ columns: [String], rows: [[Any]], caption: String? = nil) {
        self.init(columns: columns, rows: rows.map { $0.map { InlineFormat.text(for: $0) } }, caption: caption)
    }

    public func display() -> Display { .table(self) }

    /// Columns padded with spaces, for a terminal.
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
