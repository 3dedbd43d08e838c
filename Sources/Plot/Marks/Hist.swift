import Stats

/// A histogram drawn as bars: filled (translucent, with an outline) or as an
/// outline only; counts or a density that integrates to one.
public struct Hist: PanelItem, Codable {
    /// The binned counts drawn.
    public var histogram: Histogram
    /// Divide counts by total × bin width, so the bars integrate to one.
    public var density: Bool
    /// Filled bars; `false` draws the outline only.
    public var filled: Bool
    /// Opacity of the fill (the outline is opaque).
    public var alpha: Double
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Outline width in points.
    public var width: Double

    /// Draws `histogram`'s bins as bars (filled with opacity `alpha`, or outlined), as counts or, with `density`, as a density.
    ///
    ///     Hist(Histogram(x, bins: 40, range: -4...4), density: true, label: "draws")
    public init(_ histogram: Histogram, density: Bool = false, filled: Bool = true, alpha: Double = 0.45,
                label: String? = nil, color: Color? = nil, width: Double = 1.2) {
        self.histogram = histogram
        self.density = density
        self.filled = filled
        self.alpha = alpha
        self.label = label
        self.color = color
        self.width = width
    }

    /// A histogram of `values` in `bins` equal bins over `range` (default: the values' range).
    public init(_ values: [Double], bins: Int = 50, range: ClosedRange<Double>? = nil, density: Bool = false,
                filled: Bool = true, alpha: Double = 0.45, label: String? = nil, color: Color? = nil, width: Double = 1.2) {
        self.init(Histogram(values, bins: bins, range: range ?? Hist.range(of: values)), density: density, filled: filled,
                  alpha: alpha, label: label, color: color, width: width)
    }

    /// The bar heights: counts, or the density.
    public var heights: [Double] { density ? histogram.density : histogram.counts }

    /// [min, max] of the finite values, widened a little so the maximum falls in the last bin.
    static func range(of values: [Double]) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        guard lo < hi else { return lo.isFinite ? (lo - 0.5)...(lo + 0.5) : 0...1 }
        return lo...(hi + (hi - lo) * 1e-9)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .histogram(self) }
}

/// Several histograms with the same bins stacked on each other, one legend entry each.
public struct StackedHist: PanelItem, Codable {
    /// The layers, bottom first (same bins).
    public var histograms: [Histogram]
    /// One legend entry per layer.
    public var labels: [String]
    /// One colour per layer; nil takes the palette in turn.
    public var colors: [Color]?
    /// Divide by the total of all layers × bin width, so the stack integrates to one.
    public var density: Bool
    /// Opacity of the fills.
    public var alpha: Double

    /// `histograms` stacked bottom to top, each with its label and colour.
    public init(_ histograms: [Histogram], labels: [String] = [], colors: [Color]? = nil, density: Bool = false, alpha: Double = 0.8) {
        require(!histograms.isEmpty, "StackedHist needs at least one histogram, not none")
        require(histograms.allSatisfy { $0.bins == histograms[0].bins && $0.lower == histograms[0].lower && $0.upper == histograms[0].upper },
                     "StackedHist needs histograms with the same bins")
        self.histograms = histograms
        self.labels = labels
        self.colors = colors
        self.density = density
        self.alpha = alpha
    }

    /// Histograms of each sample in `samples`, with common bins over `range` (default: the range of all values).
    public init(_ samples: [[Double]], bins: Int = 50, range: ClosedRange<Double>? = nil, labels: [String] = [],
                colors: [Color]? = nil, density: Bool = false, alpha: Double = 0.8) {
        let range = range ?? Hist.range(of: samples.flatMap { $0 })
        self.init(samples.map { Histogram($0, bins: bins, range: range) }, labels: labels, colors: colors, density: density, alpha: alpha)
    }

    /// The cumulative tops of each layer, bottom layer first.
    public var cumulativeHeights: [[Double]] {
        let width = histograms[0].binWidth
        let scale = density ? 1 / (histograms.reduce(0) { $0 + $1.total } * width) : 1
        var running = [Double](repeating: 0, count: histograms[0].bins)
        return histograms.map { h in
            for i in running.indices { running[i] += h.counts[i] * scale }
            return running
        }
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .stackedHistogram(self) }
}

extension Histogram: PanelItem {
    /// A histogram in a panel block is drawn with `Hist`'s defaults.
    public var mark: Mark { .histogram(Hist(self)) }
}
