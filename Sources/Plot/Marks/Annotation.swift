/// Text at a point of the panel, in data coordinates.
public struct Annotation: PanelItem, Codable {
    /// The text drawn.
    public var text: String
    /// The anchor's x, in data units.
    public var x: Double
    /// The anchor's y, in data units.
    public var y: Double
    /// Which end of the text sits at the anchor.
    public var alignment: TextAlignment
    /// The text's colour; nil is the axes' colour.
    public var color: Color?
    /// Font size in points.
    public var size: Double
    /// Rotation in degrees, counter-clockwise.
    public var angle: Double

    /// `text` at (`x`, `y`) in data units, `size` points high, turned by `angle` degrees.
    ///
    ///     Annotation("m_H", x: 125, y: 40, alignment: .center)
    public init(_ text: String, x: Double, y: Double, alignment: TextAlignment = .left, color: Color? = nil, size: Double = 10, angle: Double = 0) {
        self.text = text
        self.x = x
        self.y = y
        self.alignment = alignment
        self.color = color
        self.size = size
        self.angle = angle
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .annotation(self) }
}
