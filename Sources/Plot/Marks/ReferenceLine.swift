/// A horizontal or vertical line across the whole panel.
public struct ReferenceLine: PanelItem, Codable {
    /// Which way the line runs, and where.
    public enum Orientation: Sendable, Hashable, Codable {
        /// A horizontal line at `y`.
        case horizontal(y: Double)
        /// A vertical line at `x`.
        case vertical(x: Double)
    }

    /// Horizontal at a y, or vertical at an x.
    public var orientation: Orientation
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Line width in points.
    public var width: Double
    /// Solid, dashed, dotted or dash-dot.
    public var style: LineStyle

    /// A line across the panel (`HLine` and `VLine` are the short forms).
    public init(_ orientation: Orientation, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        self.orientation = orientation
        self.label = label
        self.color = color
        self.width = width
        self.style = style
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .reference(self) }
}

/// A horizontal line at `y` across the panel.
public struct HLine: PanelItem {
    /// The line this draws.
    public var line: ReferenceLine
    /// A horizontal line at `y`, dashed by default.
    ///
    ///     HLine(0.5, label: "chance")
    public init(_ y: Double, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        line = ReferenceLine(.horizontal(y: y), label: label, color: color, width: width, style: style)
    }
    /// This item as the mark its panel draws.
    public var mark: Mark { .reference(line) }
}

/// A vertical line at `x` across the panel.
public struct VLine: PanelItem {
    /// The line this draws.
    public var line: ReferenceLine
    /// A vertical line at `x`, dashed by default.
    ///
    ///     VLine(125, label: "m_H")
    public init(_ x: Double, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        line = ReferenceLine(.vertical(x: x), label: label, color: color, width: width, style: style)
    }
    /// This item as the mark its panel draws.
    public var mark: Mark { .reference(line) }
}
