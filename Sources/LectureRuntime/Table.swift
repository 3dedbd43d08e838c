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
}
