/// Text at a point of the panel, in data coordinates.
public struct Annotation: PanelItem, Codable {
    public var text: String
    public var x: Double
    public var y: Double
    public var alignment: TextAlignment
    public var color: Color?
    /// Font size in points.
    public var size: Double
    /// Rotation in degrees, counter-clockwise.
    public var angle: Double

    public init(_ text: String, x: Double, y: Double, alignment: TextAlignment = .left, color: Color? = nil, size: Double = 10, angle: Double = 0) {
        self.text = text
        self.x = x
        self.y = y
        self.alignment = alignment
        self.color = color
        self.size = size
        self.angle = angle
    }

    public var mark: Mark { .annotation(self) }
}
