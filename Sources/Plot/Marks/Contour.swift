import Stats

/// Contour lines of a function on a grid.
public struct Contour: PanelItem, Codable {
    /// The grid's x values, increasing.
    public var x: [Double]
    /// The grid's y values, increasing.
    public var y: [Double]
    /// Row-major values: `y.count` rows of `x.count`.
    public var z: [Double]
    /// The values of z at which lines are drawn.
    public var levels: [Double]
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Line width in points.
    public var width: Double

    /// Lines where the gridded `z` (row-major, `y.count` rows of `x.count`) crosses each of `levels`.
    public init(x: [Double], y: [Double], z: [Double], levels: [Double], label: String? = nil, color: Color? = nil, width: Double = 1) {
        require(z.count == x.count * y.count && x.count > 1 && y.count > 1, "Contour needs x.count × y.count values, row by row (\(x.count) × \(y.count) = \(x.count * y.count)), not \(z.count), and at least two x and two y")
        self.x = x
        self.y = y
        self.z = z
        self.levels = levels
        self.label = label
        self.color = color
        self.width = width
    }

    /// Contours of `f(x, y)` on a `resolution` × `resolution` grid, at `levels`
    /// levels equally spaced strictly inside the function's range.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 100, levels: Int = 8,
                label: String? = nil, color: Color? = nil, width: Double = 1, _ f: (Double, Double) -> Double) {
        let n = max(2, resolution)
        let xs = x.evenlySpaced(n), ys = y.evenlySpaced(n)
        var z: [Double] = []
        z.reserveCapacity(n * n)
        for yv in ys { for xv in xs { z.append(f(xv, yv)) } }
        let finite = z.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let count = max(1, levels)
        let levelValues = (1...count).map { lo + (hi - lo) * Double($0) / Double(count + 1) }
        self.init(x: xs, y: ys, z: z, levels: levelValues, label: label, color: color, width: width)
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .contour(self) }
}
