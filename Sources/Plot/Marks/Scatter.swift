import Stats

/// Points (x[i], y[i]) drawn as markers.
public struct Scatter: PanelItem, Codable {
    public var x: [Double]
    public var y: [Double]
    public var marker: MarkerShape
    /// Marker diameter in points.
    public var size: Double
    public var label: String?
    public var color: Color?
    /// Marker opacity; below 1, overlapping markers show where points crowd.
    public var alpha: Double

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

    public var mark: Mark { .scatter(self) }
}
