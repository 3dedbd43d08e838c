import Stats

/// Something a panel draws. Cells write the concrete marks (`Line`, `Scatter`,
/// `Hist`, …) inside a `Panel { … }` or `Figure { … }` block.
public enum Mark: Sendable, Codable {
    /// A `Line`.
    case line(Line)
    /// A `Step`.
    case step(Step)
    /// A `Scatter`.
    case scatter(Scatter)
    /// A `Hist`.
    case histogram(Hist)
    /// A `StackedHist`.
    case stackedHistogram(StackedHist)
    /// A `Bars`.
    case bars(Bars)
    /// An `ErrorBars`.
    case errorBars(ErrorBars)
    /// A `Band`.
    case band(Band)
    /// A `HeatMap`.
    case heatMap(HeatMap)
    /// A `Contour`.
    case contour(Contour)
    /// A `ReferenceLine`, `HLine` or `VLine`.
    case reference(ReferenceLine)
    /// An `Annotation`.
    case annotation(Annotation)

    /// The legend text, if the mark has one.
    public var label: String? {
        switch self {
        case .line(let m): m.label
        case .step(let m): m.label
        case .scatter(let m): m.label
        case .histogram(let m): m.label
        case .stackedHistogram: nil  // one entry per layer, see `legendEntries`
        case .bars(let m): m.label
        case .errorBars(let m): m.label
        case .band(let m): m.label
        case .heatMap: nil
        case .contour(let m): m.label
        case .reference(let m): m.label
        case .annotation: nil
        }
    }
}

/// A value that can stand in a panel's `{ … }` block.
public protocol PanelItem: Sendable {
    /// The mark this item stands for.
    var mark: Mark { get }
}

/// How a line is drawn.
public enum LineStyle: Sendable, Hashable, Codable {
    /// Solid; dashes of 5 pt with 3 pt gaps; dots; dash and dot.
    case solid, dashed, dotted, dashDot

    /// Alternating dash and gap lengths in points.
    var pattern: [Double] {
        switch self {
        case .solid: []
        case .dashed: [5, 3]
        case .dotted: [1.2, 2.4]
        case .dashDot: [5, 2.5, 1.2, 2.5]
        }
    }
}

/// The shape of a scatter or error-bar marker.
public enum MarkerShape: Sendable, Hashable, Codable {
    /// A filled circle, square, diamond or triangle, or a plus or a cross.
    case circle, square, diamond, triangle, plus, cross
}

/// Where a step changes level relative to its x value.
public enum StepPosition: Sendable, Hashable, Codable {
    /// The level y[i] holds from x[i] to x[i+1].
    case post
    /// The level y[i] holds from halfway to the previous x to halfway to the next.
    case mid
    /// The level y[i] holds from x[i-1] to x[i].
    case pre
}

/// Horizontal alignment of text at its anchor point.
public enum TextAlignment: Sendable, Hashable, Codable {
    /// The text starts, is centred, or ends at its anchor.
    case left, center, right

    var justification: Double {
        switch self {
        case .left: 0
        case .center: 0.5
        case .right: 1
        }
    }
}
