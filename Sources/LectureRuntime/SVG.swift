/// A figure given as SVG source. `Plot`'s `Figure` is the usual way to make
/// one; this type lets a cell show SVG it built itself.
public struct SVG: Displayable, Sendable {
    public var source: String
    public init(_ source: String) { self.source = source }
    public func display() -> Display { .svg(source) }
}
