import Stats

/// A shaded band between two curves over the same x values, such as a
/// credible or confidence interval.
public struct Band: PanelItem, Codable {
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var label: String?
    public var color: Color?
    public var alpha: Double

    public init(_ x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil, alpha: Double = 0.25) {
        require(x.count == lower.count && x.count == upper.count, "Band needs as many lower and upper values as x values")
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

    public var mark: Mark { .band(self) }
}
