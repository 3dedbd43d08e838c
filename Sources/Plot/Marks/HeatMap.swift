import Stats

/// Values on a rectangular grid drawn as coloured cells, with a colour bar.
public struct HeatMap: PanelItem, Codable {
    /// Row-major values: `yEdges.count − 1` rows of `xEdges.count − 1`.
    public var values: [Double]
    /// The cells' edges along x (one more than the columns).
    public var xEdges: [Double]
    /// The cells' edges along y (one more than the rows).
    public var yEdges: [Double]
    /// The colours values map to.
    public var colorMap: ColorMap
    /// The values at the ends of the colour map (default: the values' range).
    public var valueLimits: ClosedRange<Double>?
    /// The colour bar's label; `nil` with `showsColorBar` still draws the bar.
    public var colorBarLabel: String?
    /// Whether a colour bar is drawn beside the panel.
    public var showsColorBar: Bool

    /// Cells of `values` (row-major, the row of the first y bin first) between `xEdges` and `yEdges`, coloured by `colorMap` over `valueLimits`.
    ///
    ///     HeatMap(values: h.counts, xEdges: xs, yEdges: ys, colorBarLabel: "events")
    public init(values: [Double], xEdges: [Double], yEdges: [Double], colorMap: ColorMap = .viridis,
                valueLimits: ClosedRange<Double>? = nil, colorBarLabel: String? = nil, showsColorBar: Bool = true) {
        require(xEdges.count > 1 && yEdges.count > 1, "HeatMap needs at least two edges on each axis")
        require(values.count == (xEdges.count - 1) * (yEdges.count - 1),
                     "HeatMap needs (xEdges.count − 1) × (yEdges.count − 1) values, row by row")
        self.values = values
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.colorMap = colorMap
        self.valueLimits = valueLimits
        self.colorBarLabel = colorBarLabel
        self.showsColorBar = showsColorBar
    }

    /// The counts of a 2D histogram.
    public init(_ histogram: Histogram2D, colorMap: ColorMap = .viridis, colorBarLabel: String? = "events", showsColorBar: Bool = true) {
        self.init(values: histogram.counts,
                  xEdges: histogram.xRange.evenlySpaced(histogram.xBins + 1),
                  yEdges: histogram.yRange.evenlySpaced(histogram.yBins + 1),
                  colorMap: colorMap, colorBarLabel: colorBarLabel, showsColorBar: showsColorBar)
    }

    /// `f(x, y)` at the centres of an `resolution` × `resolution` grid over x × y.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 100, colorMap: ColorMap = .viridis,
                colorBarLabel: String? = nil, _ f: (Double, Double) -> Double) {
        let n = max(1, resolution)
        let xEdges = x.evenlySpaced(n + 1), yEdges = y.evenlySpaced(n + 1)
        var values: [Double] = []
        values.reserveCapacity(n * n)
        for j in 0..<n {
            let yc = (yEdges[j] + yEdges[j + 1]) / 2
            for i in 0..<n { values.append(f((xEdges[i] + xEdges[i + 1]) / 2, yc)) }
        }
        self.init(values: values, xEdges: xEdges, yEdges: yEdges, colorMap: colorMap, colorBarLabel: colorBarLabel)
    }

    /// The range the colour map spans.
    public var limits: ClosedRange<Double> {
        if let valueLimits { return valueLimits }
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo < hi else { return 0...1 }
        return lo...hi
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .heatMap(self) }
}
