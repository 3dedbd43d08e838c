/// A figure: one panel, or a grid of panels, with an optional title, rendered
/// to SVG by PLplot. Cells build one and `show` it.
///
///     show(Figure(xLabel: "m_γγ [GeV]", yLabel: "events") {
///         Hist(mass, bins: 50, label: "data")
///         VLine(125, label: "m_H")
///     })
public struct Figure: Sendable, Codable {
    /// Size in inches; `nil` takes the cell's `fig-width`/`fig-height` (7 × 4.5 by default).
    public var width: Double?
    /// Height in inches; `nil` takes the cell's `fig-height`.
    public var height: Double?
    /// The title above all panels ("" for none).
    public var title: String
    /// Rows of the panel grid.
    public var rows: Int
    /// Columns of the panel grid.
    public var columns: Int
    /// Panels in a column share their x limits (tick labels only on the bottom row).
    public var sharedX: Bool
    /// Panels in a row share their y limits (tick labels only on the left column).
    public var sharedY: Bool
    /// The panels, row by row.
    public var panels: [Panel]

    /// The default size, in inches, of a figure that sets none and is rendered without one.
    public static let defaultSize = (width: 7.0, height: 4.5)

    /// A figure with one panel.
    public init(width: Double? = nil, height: Double? = nil, title: String = "",
                xLabel: String = "", yLabel: String = "",
                xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
                xScale: Scale = .linear, yScale: Scale = .linear, legend: LegendPosition = .best, grid: Bool = false,
                aspect: Double? = nil, @PanelBuilder _ content: () -> [Mark]) {
        self.init(width: width, height: height, panels: [
            Panel(title: title, xLabel: xLabel, yLabel: yLabel, xLimits: xLimits, yLimits: yLimits,
                  xScale: xScale, yScale: yScale, legend: legend, grid: grid, aspect: aspect, content),
        ])
    }

    /// A grid of `rows` × `columns` panels (by default one row of as many panels as given).
    public init(rows: Int? = nil, columns: Int? = nil, width: Double? = nil, height: Double? = nil, title: String = "",
                sharedX: Bool = false, sharedY: Bool = false, @FigureBuilder panels: () -> [Panel]) {
        self.init(width: width, height: height, title: title, rows: rows, columns: columns,
                  sharedX: sharedX, sharedY: sharedY, panels: panels())
    }

    /// A figure from panels made elsewhere.
    public init(width: Double? = nil, height: Double? = nil, title: String = "", rows: Int? = nil, columns: Int? = nil,
                sharedX: Bool = false, sharedY: Bool = false, panels: [Panel]) {
        let count = max(1, panels.count)
        let columns = max(1, columns ?? (rows.map { (count + max(1, $0) - 1) / max(1, $0) } ?? count))
        self.width = width
        self.height = height
        self.title = title
        self.columns = columns
        self.rows = max(1, rows ?? (count + columns - 1) / columns)
        self.sharedX = sharedX
        self.sharedY = sharedY
        self.panels = panels
    }

    /// The figure as a standalone SVG document, sized by its `viewBox` and
    /// `width`/`height` in CSS pixels (96 to the inch, so a page shows it at its
    /// size, or narrower where the column is). The figure's own size wins over
    /// `width` and `height` (inches), which win over `defaultSize`.
    public func svg(width: Double? = nil, height: Double? = nil) throws -> String {
        try render(width: width, height: height).svg
    }

    /// The advance width, in points, of a label at `size` points as figures
    /// set it (label syntax, sub- and superscripts included), measured on
    /// DejaVu Sans: for placing annotations by their width.
    public static func textWidth(_ label: String, size: Double) -> Double {
        PlotText.width(label, size: size)
    }

    /// The SVG and where everything in it went.
    func render(width: Double? = nil, height: Double? = nil) throws -> (svg: String, layout: FigureLayout) {
        let w = self.width ?? width ?? Self.defaultSize.width
        let h = self.height ?? height ?? Self.defaultSize.height
        guard w.isFinite, h.isFinite, w >= 1, h >= 1, w <= 40, h <= 40 else {
            throw FigureError.badSize("a figure must be between 1 and 40 inches on each side, not \(w) × \(h)")
        }
        guard panels.count <= rows * columns else {
            throw FigureError.badLayout("\(panels.count) panels do not fit in \(rows) × \(columns); give more rows or columns")
        }
        var layout = FigureLayout()
        let raw = try PLplotStream.svg(widthPoints: w * 72, heightPoints: h * 72) { stream in
            let renderer = FigureRenderer(figure: self, stream: stream)
            try renderer.draw()
            layout = renderer.layout
        }
        return (try SVGCompactor(plplotSVG: raw).svg(), layout)
    }
}

/// Why a figure could not be drawn.
public enum FigureError: Error, CustomStringConvertible, Equatable {
    /// A width or height that is not positive and finite, or too large.
    case badSize(String)
    /// Panels that do not fit the grid of rows × columns.
    case badLayout(String)
    /// Values a mark cannot draw (lengths that differ, no finite value, …).
    case badData(String)
    /// PLplot failed to draw the figure.
    case rendering(String)

    public var description: String {
        switch self {
        case .badSize(let s), .badLayout(let s), .badData(let s), .rendering(let s): "figure: \(s)"
        }
    }
}
