import Stats

/// Points (x[i], y[i]) drawn as markers.
public struct Scatter: PanelItem, Codable {
    /// The points' x values.
    public var x: [Double]
    /// The points' y values.
    public var y: [Double]
    /// The marker's shape.
    public var marker: MarkerShape
    /// Marker diameter in points.
    public var size: Double
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Marker opacity; below 1, overlapping markers show where points crowd.
    public var alpha: Double

    /// Markers at (`x[i]`, `y[i]`), `size` points across.
    ///
    ///     Scatter(x, y, label: "data", color: .red)
    public init(_ x: [Double], _ y: [Double], marker: MarkerShape = .circle, size: Double = 4, label: String? = nil,
                color: Color? = nil, alpha: Double = 1) {
        require(x.count == y.count, "Scatter needs as many x values as y values (\(x.count) and \(y.count))")
        self.x = x
        self.y = y
        self.marker = marker
        self.size = size
        self.label = label
        self.color = color
        self.alpha = alpha
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .scatter(self) }
}
