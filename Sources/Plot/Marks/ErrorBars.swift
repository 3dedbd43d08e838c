import Stats

/// Points with vertical (and optionally horizontal) error bars.
public struct ErrorBars: PanelItem, Codable {
    /// The points' x values.
    public var x: [Double]
    /// The points' y values.
    public var y: [Double]
    /// Distance from y down to the bar's lower end, and up to its upper end.
    public var yLower: [Double]?
    /// See `yLower`; nil with `yLower` set makes the bars symmetric.
    public var yUpper: [Double]?
    /// Half-widths of horizontal bars.
    public var xError: [Double]?
    /// The marker's shape.
    public var marker: MarkerShape
    /// Marker diameter in points.
    public var size: Double
    /// The legend entry; nil leaves this out of the legend.
    public var label: String?
    /// The colour; nil takes the palette's next colour.
    public var color: Color?
    /// Width of the caps at the ends of the bars, in points.
    public var capWidth: Double

    /// Symmetric vertical errors ± `yError`.
    public init(_ x: [Double], _ y: [Double], yError: [Double]? = nil, xError: [Double]? = nil, marker: MarkerShape = .circle,
                size: Double = 4, label: String? = nil, color: Color? = nil, capWidth: Double = 4) {
        self.init(x, y, yLower: yError, yUpper: yError, xError: xError, marker: marker, size: size, label: label, color: color, capWidth: capWidth)
    }

    /// Asymmetric vertical errors: from y − yLower[i] to y + yUpper[i].
    public init(_ x: [Double], _ y: [Double], yLower: [Double]?, yUpper: [Double]?, xError: [Double]? = nil,
                marker: MarkerShape = .circle, size: Double = 4, label: String? = nil, color: Color? = nil, capWidth: Double = 4) {
        require(x.count == y.count, "ErrorBars needs as many x values as y values (\(x.count) and \(y.count))")
        for e in [yLower, yUpper, xError] { require(e == nil || e!.count == x.count, "ErrorBars needs one error per point (\(x.count)), not \(e!.count)") }
        self.x = x
        self.y = y
        self.yLower = yLower
        self.yUpper = yUpper
        self.xError = xError
        self.marker = marker
        self.size = size
        self.label = label
        self.color = color
        self.capWidth = capWidth
    }

    /// This item as the mark its panel draws.
    public var mark: Mark { .errorBars(self) }
}
