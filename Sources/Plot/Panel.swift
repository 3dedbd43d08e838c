import Stats

/// One set of axes: its marks, labels, limits, scales, legend and grid.
///
///     Panel(xLabel: "p", yLabel: "density") {
///         Line(over: 0...1, label: "prior") { Beta(2, 2).pdf($0) }
///         Line(over: 0...1, label: "posterior") { Beta(47, 7).pdf($0) }
///     }
public struct Panel: Sendable, Codable {
    /// The panel's title ("" for none).
    public var title: String
    /// The x axis's label.
    public var xLabel: String
    /// The y axis's label.
    public var yLabel: String
    /// Axis limits; `nil` fits the data.
    public var xLimits: ClosedRange<Double>?
    /// See `xLimits`.
    public var yLimits: ClosedRange<Double>?
    /// Linear or logarithmic x axis.
    public var xScale: Scale
    /// Linear or logarithmic y axis.
    public var yScale: Scale
    /// Where the legend goes (`.best` by default; `.none` hides it).
    public var legend: LegendPosition
    /// Light grid lines at the major ticks.
    public var grid: Bool
    /// How long one unit of y is drawn against one unit of x (matplotlib's
    /// `set_aspect`): 1 draws both alike, so an image's pixels are square and a
    /// circle is round. `nil` fills the panel's space. The frame shrinks to
    /// fit, centred in its space.
    public var aspect: Double?
    /// What the panel draws, in order (later marks on top).
    public var marks: [Mark]

    /// A panel with its labels, limits, scales, legend, grid and aspect, and the marks in its `{ … }` block.
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
    /// Values map to the axis proportionally.
    case linear
    /// Base-10 logarithmic; values ≤ 0 are left out.
    case log
}

/// Where a panel's legend goes.
public enum LegendPosition: Sendable, Hashable, Codable {
    /// The corner or edge where it covers the least of what the panel draws.
    case best
    /// The corner or edge of the panel the legend sits in.
    case upperRight, upperLeft, lowerRight, lowerLeft, upperCenter, lowerCenter, centerRight, centerLeft
    /// No legend, even where marks have labels.
    case none
}

/// Collects the marks written in a panel's `{ … }` block.
@resultBuilder
public enum PanelBuilder {
    /// A mark in the block.
    public static func buildExpression(_ item: some PanelItem) -> [Mark] { [item.mark] }
    /// A list of marks in the block (from `map`, say).
    public static func buildExpression(_ items: [some PanelItem]) -> [Mark] { items.map(\.mark) }
    /// Marks already made.
    public static func buildExpression(_ marks: [Mark]) -> [Mark] { marks }
    /// The block's marks, in order.
    public static func buildBlock(_ parts: [Mark]...) -> [Mark] { parts.flatMap { $0 } }
    /// The marks of a `for` loop in the block.
    public static func buildArray(_ parts: [[Mark]]) -> [Mark] { parts.flatMap { $0 } }
    /// The marks of an `if` without `else` (none when false).
    public static func buildOptional(_ part: [Mark]?) -> [Mark] { part ?? [] }
    /// The marks of an `if`'s first branch.
    public static func buildEither(first part: [Mark]) -> [Mark] { part }
    /// The marks of an `else` branch.
    public static func buildEither(second part: [Mark]) -> [Mark] { part }
}

/// Collects the panels written in a figure's `{ … }` block.
@resultBuilder
public enum FigureBuilder {
    /// A panel in the block.
    public static func buildExpression(_ panel: Panel) -> [Panel] { [panel] }
    /// A list of panels in the block.
    public static func buildExpression(_ panels: [Panel]) -> [Panel] { panels }
    /// The block's panels, in order (filling the grid row by row).
    public static func buildBlock(_ parts: [Panel]...) -> [Panel] { parts.flatMap { $0 } }
    /// The panels of a `for` loop in the block.
    public static func buildArray(_ parts: [[Panel]]) -> [Panel] { parts.flatMap { $0 } }
    /// The panels of an `if` without `else` (none when false).
    public static func buildOptional(_ part: [Panel]?) -> [Panel] { part ?? [] }
    /// The panels of an `if`'s first branch.
    public static func buildEither(first part: [Panel]) -> [Panel] { part }
    /// The panels of an `else` branch.
    public static func buildEither(second part: [Panel]) -> [Panel] { part }
}
