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
    static let rowHeight = textSize * 1.5
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
            case .scatter(let m): if let l = m.label { entries.append(Entry(label: l, sample: .marker(m.marker, color.opacity(m.alpha), size: max(m.size, 4)))) }
            case .errorBars(let m): if let l = m.label { entries.append(Entry(label: l, sample: .marker(m.marker, color, size: max(m.size, 4)))) }
            case .histogram(let m):
                if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: m.filled ? color.opacity(m.alpha) : .white, edge: color))) }
            case .bars(let m): if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: color.opacity(m.alpha), edge: nil))) }
            case .band(let m): if let l = m.label { entries.append(Entry(label: l, sample: .patch(fill: color.opacity(m.alpha), edge: nil))) }
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

    /// Width and height in points.
    var size: (width: Double, height: Double) {
        let text = entries.map { PlotText.width($0.label, size: Self.textSize) }.max() ?? 0
        return (Self.padding * 2 + Self.sampleWidth + 6 + text, Self.padding * 1.4 + Double(entries.count) * Self.rowHeight)
    }

    /// The bottom-left corner of the legend box, in points from the panel's bottom left.
    func origin(_ position: LegendPosition, frame: Frame) -> (x: Double, y: Double) {
        let (w, h) = size
        let left = Self.inset, right = frame.width - Self.inset - w
        let bottom = Self.inset, top = frame.height - Self.inset - h
        let middleX = (frame.width - w) / 2, middleY = (frame.height - h) / 2
        switch position {
        case .upperRight, .best, .none: return (right, top)
        case .upperLeft: return (left, top)
        case .lowerRight: return (right, bottom)
        case .lowerLeft: return (left, bottom)
        case .upperCenter: return (middleX, top)
        case .lowerCenter: return (middleX, bottom)
        case .centerRight: return (right, middleY)
        case .centerLeft: return (left, middleY)
        }
    }

    /// The position among the corners and edges whose box covers the fewest
    /// occupied cells of the panel (ties go to the earlier candidate).
    func bestPosition(frame: Frame) -> LegendPosition { best(frame: frame).position }

    /// The best position and how many occupied cells its box still covers.
    func best(frame: Frame) -> (position: LegendPosition, covered: Int) {
        let occupancy = Occupancy(data: data)
        let (w, h) = size
        let candidates: [LegendPosition] = [.upperRight, .upperLeft, .lowerRight, .lowerLeft, .centerRight, .centerLeft, .upperCenter, .lowerCenter]
        var best = LegendPosition.upperRight, bestScore = Int.max
        for candidate in candidates {
            let o = origin(candidate, frame: frame)
            let score = occupancy.count(x: (o.x / frame.width)...((o.x + w) / frame.width),
                                        y: (o.y / frame.height)...((o.y + h) / frame.height))
            if score < bestScore {
                best = candidate
                bestScore = score
            }
        }
        return (best, bestScore)
    }

    /// The y range with room above the data for the legend, when every place
    /// for it covers data and the limits are the data's own (linear axes, a
    /// legend under half the panel's height); nil when no room is needed.
    func headroom(frame: Frame) -> ClosedRange<Double>? {
        let panel = data.panel
        guard panel.legend == .best, panel.yLimits == nil, panel.yScale == .linear, !entries.isEmpty,
              best(frame: frame).covered > 0 else { return nil }
        let fraction = (size.height + 2 * Self.inset) / frame.height
        guard fraction < 0.5 else { return nil }
        let lo = data.yRange.lowerBound, hi = data.yRange.upperBound
        return lo...(lo + (hi - lo) / (1 - fraction))
    }

    func draw(on stream: PLplotStream, frame: Frame, position: LegendPosition) {
        let chosen = position == .best ? bestPosition(frame: frame) : position
        let (w, h) = size
        let o = origin(chosen, frame: frame)
        let page = (w: stream.widthPoints, h: stream.heightPoints)
        stream.viewport(x: frame.x.lowerBound / page.w...frame.x.upperBound / page.w,
                        y: frame.y.lowerBound / page.h...frame.y.upperBound / page.h)
        stream.window(x: 0...frame.width, y: 0...frame.height)
        let boxX = [o.x, o.x + w, o.x + w, o.x], boxY = [o.y, o.y, o.y + h, o.y + h]
        stream.color(Color.white.opacity(0.88))
        stream.fill(boxX, boxY)
        stream.color(Color(hex: 0xc8c8c8))
        stream.lineWidth(0.6)
        stream.dashes([])
        stream.line(boxX + [o.x], boxY + [o.y])

        stream.fontSize(Self.textSize)
        for (row, entry) in entries.enumerated() {
            let cy = o.y + h - Self.padding * 0.7 - (Double(row) + 0.5) * Self.rowHeight
            let sx = o.x + Self.padding
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
            stream.text(PlotText.plplot(entry.label), x: sx + Self.sampleWidth + 6, y: cy, justification: 0)
        }
    }
}

/// Which cells of a coarse grid over a panel hold something drawn: lines,
/// points, filled areas. Legend placement counts them.
struct Occupancy {
    static let columns = 48, rows = 32
    private var cells = [Bool](repeating: false, count: Occupancy.columns * Occupancy.rows)

    init(data: PanelData) {
        let xr = data.xRange, yr = data.yRange
        let xs = data.panel.xScale, ys = data.panel.yScale
        func u(_ x: Double) -> Double { (xs.apply(x) - xr.lowerBound) / (xr.upperBound - xr.lowerBound) }
        func v(_ y: Double) -> Double { (ys.apply(y) - yr.lowerBound) / (yr.upperBound - yr.lowerBound) }
        for mark in data.panel.marks {
            switch mark {
            case .line(let m): trace(m.x.map(u), m.y.map(v))
            case .step(let m): let s = m.vertices; trace(s.x.map(u), s.y.map(v))
            case .scatter(let m): points(m.x.map(u), m.y.map(v))
            case .errorBars(let m): points(m.x.map(u), m.y.map(v))
            case .histogram(let m): area(m.histogram.edges.map(u), tops: m.heights.map(v))
            case .stackedHistogram(let m): area(m.histograms[0].edges.map(u), tops: (m.cumulativeHeights.last ?? []).map(v))
            case .bars(let m):
                let half = m.barWidth / 2
                for (x, hgt) in zip(m.x, m.heights) { area([u(x - half), u(x + half)], tops: [v(hgt)]) }
            case .band(let m): trace(m.x.map(u), m.upper.map(v)); trace(m.x.map(u), m.lower.map(v))
            case .heatMap:
                for i in cells.indices { cells[i] = true }
            case .contour, .annotation: break
            case .reference(let m):
                switch m.orientation {
                case .horizontal(let y): trace([0, 1], [v(y), v(y)])
                case .vertical(let x): trace([u(x), u(x)], [0, 1])
                }
            }
        }
    }

    private mutating func mark(_ u: Double, _ v: Double) {
        guard u.isFinite, v.isFinite, u >= 0, u <= 1, v >= 0, v <= 1 else { return }
        let i = min(Self.columns - 1, Int(u * Double(Self.columns)))
        let j = min(Self.rows - 1, Int(v * Double(Self.rows)))
        cells[j * Self.columns + i] = true
    }

    private mutating func points(_ u: [Double], _ v: [Double]) {
        for (a, b) in zip(u, v) { mark(a, b) }
    }

    private mutating func trace(_ u: [Double], _ v: [Double]) {
        guard u.count > 1 else { points(u, v); return }
        for k in 1..<u.count {
            let (a0, b0, a1, b1) = (u[k - 1], v[k - 1], u[k], v[k])
            guard a0.isFinite, b0.isFinite, a1.isFinite, b1.isFinite else { continue }
            let steps = Int(min(200, max(abs(a1 - a0) * Double(Self.columns), abs(b1 - b0) * Double(Self.rows)) * 2)) + 1
            for s in 0...steps {
                let t = Double(s) / Double(steps)
                mark(a0 + (a1 - a0) * t, b0 + (b1 - b0) * t)
            }
        }
    }

    /// Everything below `tops[i]` between `edges[i]` and `edges[i + 1]`.
    private mutating func area(_ edges: [Double], tops: [Double]) {
        for i in tops.indices where i + 1 < edges.count {
            guard tops[i].isFinite, edges[i].isFinite, edges[i + 1].isFinite else { continue }
            let top = min(1, tops[i])
            guard top > 0 else { continue }
            let c0 = max(0, Int(edges[i] * Double(Self.columns))), c1 = min(Self.columns - 1, Int(edges[i + 1] * Double(Self.columns)))
            let r1 = min(Self.rows - 1, Int(top * Double(Self.rows)))
            guard c0 <= c1 else { continue }
            for c in c0...c1 { for r in 0...r1 { cells[r * Self.columns + c] = true } }
        }
    }

    /// How many occupied cells lie in the rectangle (fractions of the panel).
    func count(x: ClosedRange<Double>, y: ClosedRange<Double>) -> Int {
        let c0 = max(0, Int(x.lowerBound * Double(Self.columns))), c1 = min(Self.columns - 1, Int(x.upperBound * Double(Self.columns)))
        let r0 = max(0, Int(y.lowerBound * Double(Self.rows))), r1 = min(Self.rows - 1, Int(y.upperBound * Double(Self.rows)))
        guard c0 <= c1, r0 <= r1 else { return 0 }
        var n = 0
        for r in r0...r1 { for c in c0...c1 where cells[r * Self.columns + c] { n += 1 } }
        return n
    }
}
