import Stats

/// One set of axes: its marks, labels, limits, scales, legend and grid.
///
///     Panel(xLabel: "p", yLabel: "density") {
///         Line(over: 0...1, label: "prior") { Beta(2, 2).pdf($0) }
///         Line(over: 0...1, label: "posterior") { Beta(47, 7).pdf($0) }
///     }
public struct Panel: Sendable, Codable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Axis limits; `nil` fits the data.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    public var xScale: Scale
    public var yScale: Scale
    public var legend: LegendPosition
    /// Light grid lines at the major ticks.
    public var grid: Bool
    /// How long one unit of y is drawn against one unit of x (matplotlib's
    /// `set_aspect`): 1 draws both alike, so an image's pixels are square and a
    /// circle is round. `nil` fills the panel's space. The frame shrinks to
    /// fit, centred in its space.
    public var aspect: Double?
    public var marks: [Mark]

    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
                xScale: Scale = .linear, yScale: Scale = .linear, legend: LegendPosition = .best, grid: Bool = false,
                aspect: Double? = nil, @PanelBuilder _ content: () -> [Mark] = { [] }) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.xScale = xScale
        self.yScale = yScale
        self.legend = legend
        self.grid = grid
        if let aspect { require(aspect > 0 && aspect.isFinite, "Panel's aspect must be a positive number (1 for square pixels), not \(aspect)") }
        self.aspect = aspect
        self.marks = content()
    }

    /// Adds a mark after the ones the panel has (for marks made in a loop).
    public mutating func add(_ item: some PanelItem) {
        marks.append(item.mark)
    }
}

/// How values map to an axis.
public enum Scale: Sendable, Hashable, Codable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 are left out.
    case log
}

/// Where a panel's legend goes.
public enum LegendPosition: Sendable, Hashable, Codable {
    /// The corner or edge where it covers the least of what the panel draws.
    case best
    case upperRight, upperLeft, lowerRight, lowerLeft, upperCenter, lowerCenter, centerRight, centerLeft
    /// No legend, even where marks have labels.
    case none
}

/// Collects the marks written in a panel's `{ … }` block.
@resultBuilder
public enum PanelBuilder {
    public static func buildExpression(_ item: some PanelItem) -> [Mark] { [item.mark] }
    public static func buildExpression(_ items: [some PanelItem]) -> [Mark] { items.map(\.mark) }
    public static func buildExpression(_ marks: [Mark]) -> [Mark] { marks }
    public static func buildBlock(_ parts: [Mark]...) -> [Mark] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Mark]]) -> [Mark] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Mark]?) -> [Mark] { part ?? [] }
    public static func buildEither(first part: [Mark]) -> [Mark] { part }
    public static func buildEither(second part: [Mark]) -> [Mark] { part }
}

/// Collects the panels written in a figure's `{ … }` block.
@resultBuilder
public enum FigureBuilder {
    public static func buildExpression(_ panel: Panel) -> [Panel] { [panel] }
    public static func buildExpression(_ panels: [Panel]) -> [Panel] { panels }
    public static func buildBlock(_ parts: [Panel]...) -> [Panel] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Panel]]) -> [Panel] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Panel]?) -> [Panel] { part ?? [] }
    public static func buildEither(first part: [Panel]) -> [Panel] { part }
    public static func buildEither(second part: [Panel]) -> [Panel] { part }
}
