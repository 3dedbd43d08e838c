import Stats

/// A figure: panels of series with axes, labels and a legend, rendered to SVG.
/// (The PLplot renderer arrives with the plotting issue; this is its home.)
public struct Figure: Sendable {
    public var title: String
    public init(title: String = "") { self.title = title }
}
