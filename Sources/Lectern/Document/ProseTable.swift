/// A Markdown table with a caption (Pandoc's `: Caption {#tbl-x}` paragraph
/// after it): numbered among the page's tables in the order they appear.
public struct ProseTable: Sendable, Equatable {
    /// Its `tbl-` label, if any.
    public var label: String?
    /// The line of its caption.
    public var line: Int
}
