import Stats

/// A shaded band between two curves over the same x values, such as a
/// credible or confidence interval.
public struct Band: PanelItem, Codable {
    /// The x coordinates, one per point, in order.
    public var x: [Double]
    /// The band's lower edge at each x.
    public var lower: [Double]
    /// The band's upper edge at each x.
    public var upper: [Double]
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Opacity of the fill, 0 (transparent) … 1 (opaque).
    public var alpha: Double

    /// The region between `lower` and `upper` over `x`, filled with opacity `alpha` and outlined.
    ///
    ///     Band(x, lower: low, upper: high, label: "68 % interval")
    public init(_ x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil, alpha: Double = 0.25) {
        require(x.count == lower.count && x.count == upper.count, "Band needs as many lower and upper values as x values (\(x.count)), not \(lower.count) and \(upper.count)")
        self.x = x
        self.lower = lower
        self.upper = upper
        self.label = label
        self.color = color
        self.alpha = alpha
    }

    /// The band between `lower(x)` and `upper(x)` over `range`.
    public init(over range: ClosedRange<Double>, points: Int = 200, label: String? = nil, color: Color? = nil, alpha: Double = 0.25,
                lower: (Double) -> Double, upper: (Double) -> Double) {
        let x = range.evenlySpaced(points)
        self.init(x, lower: x.map(lower), upper: x.map(upper), label: label, color: color, alpha: alpha)
    }

    /// The area under `f` over `range` (down to zero): a shaded region of a density.
    public init(under f: (Double) -> Double, over range: ClosedRange<Double>, points: Int = 200, label: String? = nil,
                color: Color? = nil, alpha: Double = 0.25) {
        self.init(over: range, points: points, label: label, color: color, alpha: alpha, lower: { _ in 0 }, upper: f)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .band(self) }
}
