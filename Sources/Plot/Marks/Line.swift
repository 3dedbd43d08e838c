import Stats

/// A line through points (x[i], y[i]) in order.
public struct Line: PanelItem, Codable {
    /// The x coordinates, one per point.
    public var x: [Double]
    /// The y coordinates, one per point.
    public var y: [Double]
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Width in points.
    public var width: Double
    /// Solid, dashed, dotted or dash-dot.
    public var style: LineStyle

    /// A line through (`x[i]`, `y[i]`) in order, `width` points wide.
    ///
    ///     Line(x, x.map { Normal(0, 1).pdf($0) }, label: "N(0, 1)")
    public init(_ x: [Double], _ y: [Double], label: String? = nil, color: Color? = nil, width: Double = 1.5, style: LineStyle = .solid) {
        require(x.count == y.count, "Line needs as many x values as y values (\(x.count) and \(y.count))")
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.width = width
        self.style = style
    }

    /// A line through y[i] at x = 0, 1, 2, …
    public init(_ y: [Double], label: String? = nil, color: Color? = nil, width: Double = 1.5, style: LineStyle = .solid) {
        self.init(y.indices.map(Double.init), y, label: label, color: color, width: width, style: style)
    }

    /// The graph of `f` over `range`, sampled at `points` equally spaced x values.
    ///
    ///     Line(over: 0...1, label: "posterior") { Beta(47, 7).pdf($0) }
    public init(over range: ClosedRange<Double>, points: Int = 400, label: String? = nil, color: Color? = nil,
                width: Double = 1.5, style: LineStyle = .solid, _ f: (Double) -> Double) {
        let x = range.evenlySpaced(points)
        self.init(x, x.map(f), label: label, color: color, width: width, style: style)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .line(self) }
}
