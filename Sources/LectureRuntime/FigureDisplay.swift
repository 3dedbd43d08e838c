/// A `Figure` shows as SVG, at the size the running cell asks for
/// (`fig-width`/`fig-height`) unless the figure sets its own.
extension Figure: Displayable {
    public func display() throws -> Display {
        .svg(try svg(width: Session.figureSize.width, height: Session.figureSize.height))
    }
}
