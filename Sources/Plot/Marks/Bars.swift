import Stats

/// Vertical bars of `heights` centred at `x`.
public struct Bars: PanelItem, Codable {
    /// The bars' centres.
    public var x: [Double]
    /// The bars' heights, one per x.
    public var heights: [Double]
    /// Bar width in data units (default: 80 % of the smallest spacing of x).
    public var width: Double?
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Opacity of the fill, 0 (transparent) … 1 (opaque).
    public var alpha: Double

    /// Bars of `heights` centred at `x`, `width` wide in data units (default 80 % of the smallest spacing).
    public init(_ x: [Double], _ heights: [Double], width: Double? = nil, label: String? = nil, color: Color? = nil, alpha: Double = 0.85) {
        require(x.count == heights.count, "Bars needs as many positions as heights (\(x.count) and \(heights.count))")
        self.x = x
        self.heights = heights
        self.width = width
        self.label = label
        self.color = color
        self.alpha = alpha
    }

    /// The width each bar is drawn with.
    public var barWidth: Double {
        if let width { return width }
        let sorted = x.sorted()
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.filter { $0 > 0 }
        return 0.8 * (gaps.min() ?? 1)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .bars(self) }
}
