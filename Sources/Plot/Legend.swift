import Foundation

/// A panel's legend: one entry per labelled mark, drawn with PLplot primitives
/// so that its size is known before it is drawn, and placed where it covers the
/// least of what the panel shows. (PLplot's `pllegend` reports its size only
/// after drawing, which rules out choosing the place first.)
struct Legend {
    enum Sample {
        case line(Color, width: Double, style: LineStyle)
        case marker(MarkerShape, Color, size: Double)
        case patch(fill: Color, edge: Color?)
    }

    struct Entry {
        var label: String
        var sample: Sample
    }

    let entries: [Entry]
    let data: PanelData

    static let textSize = 10.0
    static let sampleWidth = 20.0
    static let padding = 6.0
    /// Distance from the axes.
    static let inset = 6.0

    init(data: PanelData) {
        self.data = data
        var entries: [Entry] = []
        for (mark, colors) in zip(data.panel.marks, data.colors) {
            let color = colors[0]
            switch mark {
            case .line(let m): if let l = m.label { entries.append(Entry(label: l, sample: .line(color, width: m.width, style: m.style))) }
            case .step(let m): if let l = m.label { entries.append(Entry(label: l, sample: .line(color, width: m.width, style: m.style))) }
            case .contour(let m): if let l = m.label { entries.append(Entry(label: l, sample: .line(color, width: m.width, style: .solid))) }
            case .reference(let m): if let l = m.label { entries.append(Entry(label: l, sample: .line(color, width: m.width, style: m.style))) }
            case .scatter(let m): if let l = m.label { entries.append(Entry(label: l, sample: .marker(m.marker, color, size: max(m.size, 4)))) }
            case .errorBars(let m): if let l = m.label { entries.append(Entry(label: l, sample: .marker(m.marker, color, size: max(m.size, 4)))) }
            case .histogram(let m):
                if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: m.filled ? color.opacity(m.alpha) : .white, edge: color))) }
            case .bars(let m): if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: color.opacity(m.alpha), edge: m.alpha < 1 ? color : nil))) }
            case .band(let m): if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: color.opacity(m.alpha), edge: color))) }
            case .stackedHistogram(let m):
                // The top layer is drawn last: list it first, as the eye reads the stack.
                for (layer, label) in m.labels.enumerated().reversed() where layer < colors.count {
                    entries.append(Entry(label: label, sample: .patch(fill: colors[layer].opacity(m.alpha), edge: colors[layer])))
                }
            case .heatMap, .annotation: break
            }
        }
        self.entries = entries
    }

    /// Where a legend goes: inside the panel at a corner or edge, or outside
    /// it (right of the panel, or below it with the entries side by side).
    enum Placement: Equatable, Codable {
        case inside(LegendPosition)
        case right
        case below
    }

    /// The inside positions, in the order `.best` tries them.
    static let candidates: [LegendPosition] = [.upperRight, .upperLeft, .lowerRight, .lowerLeft, .centerRight, .centerLeft, .upperCenter, .lowerCenter]

    private var textWidth: Double {
        entries.map { PlotText.width($0.label, size: Self.textSize) }.max() ?? 0
    }

    /// One entry's height: 1.5 lines, more when a label's sub- or superscripts
    /// need it (so that rows never touch).
    var rowHeight: Double {
        // Labels are centred on their row by their capitals: a row holds what rises above or sinks below that.
        let centre = FigureRenderer.capCentre * Self.textSize
        let reach = entries.map { e -> Double in
            let x = PlotText.extent(e.label, size: Self.textSize)
            return max(x.above - centre, x.below + centre)
        }.max() ?? 0
        return max(Self.textSize * 1.5, 2 * reach + 1.5)
    }

    /// Width and height in points, with the entries in `columns` columns.
    func size(columns: Int = 1) -> (width: Double, height: Double) {
        let columns = max(1, min(columns, entries.count))
        let rows = (entries.count + columns - 1) / columns
        let column = Self.sampleWidth + 6 + textWidth
        return (Self.padding * 2 + Double(columns) * column + Double(columns - 1) * Self.columnGap,
                Self.padding * 1.4 + Double(rows) * rowHeight)
    }

    static let columnGap = 12.0

    /// As many columns as fit in `width` (for a legend below the panel).
    func columns(fitting width: Double) -> Int {
        var columns = max(1, entries.count)
        while columns > 1 && size(columns: columns).width > width { columns -= 1 }
        return columns
    }

    /// The legend's box at an inside position of the panel `frame`.
    func box(_ position: LegendPosition, frame f: Rect) -> Rect {
        let (w, h) = size()
        let left = f.x0 + Self.inset, right = f.x1 - Self.inset - w
        let bottom = f.y0 + Self.inset, top = f.y1 - Self.inset - h
        let middleX = f.x0 + (f.width - w) / 2, middleY = f.y0 + (f.height - h) / 2
        let (x, y): (Double, Double) = switch position {
        case .upperRight, .best, .none: (right, top)
        case .upperLeft: (left, top)
        case .lowerRight: (right, bottom)
        case .lowerLeft: (left, bottom)
        case .upperCenter: (middleX, top)
        case .lowerCenter: (middleX, bottom)
        case .centerRight: (right, middleY)
        case .centerLeft: (left, middleY)
        }
        return Rect(x0: x, y0: y, x1: x + w, y1: y + h)
    }

    /// The first inside position (in `candidates` order) whose box meets no
    /// mark and no annotation; nil when every one covers something.
    func freePosition(frame: Rect, shapes: MarkShapes, obstacles: [Rect]) -> LegendPosition? {
        let (w, h) = size()
        guard w <= frame.width - 2 * Self.inset, h <= frame.height - 2 * Self.inset else { return nil }
        return Self.candidates.first { candidate in
            let b = box(candidate, frame: frame)
            return shapes.count(in: b) == 0 && !obstacles.contains { $0.overlaps(b.outset(by: 2)) }
        }
    }

    /// Draws the legend in `box` (page points), in `columns` columns; the
    /// renderer records its labels' boxes.
    func draw(in box: Rect, columns: Int, renderer: FigureRenderer) {
        let stream = renderer.stream
        renderer.pageCoordinates()
        let boxX = [box.x0, box.x1, box.x1, box.x0], boxY = [box.y0, box.y0, box.y1, box.y1]
        stream.color(Color.white.opacity(0.88))
        stream.fill(boxX, boxY)
        stream.color(Color(hex: 0xc8c8c8))
        stream.lineWidth(0.6)
        stream.dashes([])
        stream.line(boxX + [box.x0], boxY + [box.y0])

        let columns = max(1, min(columns, entries.count))
        let rows = (entries.count + columns - 1) / columns
        let columnWidth = Self.sampleWidth + 6 + textWidth + Self.columnGap
        for (index, entry) in entries.enumerated() {
            let (row, column) = (index % rows, index / rows)
            let cy = box.y1 - Self.padding * 0.7 - (Double(row) + 0.5) * rowHeight
            let sx = box.x0 + Self.padding + Double(column) * columnWidth
            switch entry.sample {
            case .line(let color, let width, let style):
                stream.color(color)
                stream.lineWidth(min(width, 3))
                stream.dashes(style.pattern)
                stream.line([sx, sx + Self.sampleWidth], [cy, cy])
                stream.dashes([])
            case .marker(let shape, let color, let size):
                stream.color(color)
                switch shape {
                case .circle:
                    stream.lineWidth(size)
                    stream.line([sx + Self.sampleWidth / 2, sx + Self.sampleWidth / 2], [cy, cy])
                default:
                    let r = size / 2
                    stream.fill([sx + 10 - r, sx + 10 + r, sx + 10 + r, sx + 10 - r], [cy - r, cy - r, cy + r, cy + r])
                }
            case .patch(let fill, let edge):
                let px = [sx, sx + Self.sampleWidth, sx + Self.sampleWidth, sx], py = [cy - 4.5, cy - 4.5, cy + 4.5, cy + 4.5]
                stream.color(fill)
                stream.fill(px, py)
                if let edge {
                    stream.color(edge)
                    stream.lineWidth(1)
                    stream.line(px + [sx], py + [cy - 4.5])
                }
            }
            stream.color(.black)
            renderer.text(entry.label, x: sx + Self.sampleWidth + 6, baseline: cy - FigureRenderer.capCentre * Self.textSize,
                          size: Self.textSize, justification: 0, role: .legend)
        }
    }
}
