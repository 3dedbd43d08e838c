/// A figure given as SVG source. `Plot`'s `Figure` is the usual way to make
/// one; this type lets a cell show SVG it built itself.
public struct SVG: Displayable, Sendable {
    /// The SVG document's text.
    public var source: String
    /// A figure from SVG text, shown as the page's other figures are (sanitised, sized to the column).
    public init(_ source: String) { self.source = source }
    public func display() -> Display { .svg(source) }
}
