import Stats

/// A staircase through points (x[i], y[i]): levels joined by vertical risers.
public struct Step: PanelItem, Codable {
    /// The points' x values, in order.
    public var x: [Double]
    /// The level at each x.
    public var y: [Double]
    /// Where the level changes relative to its x: after it (`post`), halfway (`mid`) or before it (`pre`).
    public var position: StepPosition
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Line width in points.
    public var width: Double
    /// Solid, dashed, dotted or dash-dot.
    public var style: LineStyle

    /// A staircase through (`x[i]`, `y[i]`), as matplotlib's `step(where:)`.
    public init(_ x: [Double], _ y: [Double], position: StepPosition = .post, label: String? = nil,
                color: Color? = nil, width: Double = 1.5, style: LineStyle = .solid) {
        require(x.count == y.count, "Step needs as many x values as y values (\(x.count) and \(y.count))")
        self.x = x
        self.y = y
        self.position = position
        self.label = label
        self.color = color
        self.width = width
        self.style = style
    }

    /// The corner points of the staircase.
    public var vertices: (x: [Double], y: [Double]) {
        guard x.count > 1 else { return (x, y) }
        var vx: [Double] = [], vy: [Double] = []
        vx.reserveCapacity(2 * x.count)
        vy.reserveCapacity(2 * x.count)
        switch position {
        case .post:
            for i in x.indices {
                if i > 0 { vx.append(x[i]); vy.append(y[i - 1]) }
                vx.append(x[i]); vy.append(y[i])
            }
        case .pre:
            for i in x.indices {
                vx.append(x[i]); vy.append(y[i])
                if i + 1 < x.count { vx.append(x[i]); vy.append(y[i + 1]) }
            }
        case .mid:
            vx.append(x[0]); vy.append(y[0])
            for i in 1..<x.count {
                let m = (x[i - 1] + x[i]) / 2
                vx.append(m); vy.append(y[i - 1])
                vx.append(m); vy.append(y[i])
            }
            vx.append(x[x.count - 1]); vy.append(y[y.count - 1])
        }
        return (vx, vy)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .step(self) }
}
