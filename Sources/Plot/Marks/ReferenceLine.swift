/// A horizontal or vertical line across the whole panel.
public struct ReferenceLine: PanelItem, Codable {
    public enum Orientation: Sendable, Hashable, Codable {
        case horizontal(y: Double)
        case vertical(x: Double)
    }

    public var orientation: Orientation
    public var label: String?
    public var color: Color?
    public var width: Double
    public var style: LineStyle

    public init(_ orientation: Orientation, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        self.orientation = orientation
        self.label = label
        self.color = color
        self.width = width
        self.style = style
    }

    public var mark: Mark { .reference(self) }
}

/// A horizontal line at `y` across the panel.
public struct HLine: PanelItem {
    public var line: ReferenceLine
    public init(_ y: Double, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        line = ReferenceLine(.horizontal(y: y), label: label, color: color, width: width, style: style)
    }
    public var mark: Mark { .reference(line) }
}

/// A vertical line at `x` across the panel.
public struct VLine: PanelItem {
    public var line: ReferenceLine
    public init(_ x: Double, label: String? = nil, color: Color? = nil, width: Double = 1.2, style: LineStyle = .dashed) {
        line = ReferenceLine(.vertical(x: x), label: label, color: color, width: width, style: style)
    }
    public var mark: Mark { .reference(line) }
}
