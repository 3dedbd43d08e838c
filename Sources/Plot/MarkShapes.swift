import Foundation

/// What a panel's marks cover, in page points: line segments (with their
/// width), markers, filled rectangles (bars, histogram bins, contour cells)
/// and band slices. Legend placement asks whether a box meets any of them;
/// lines, bands and reference lines count as data as much as points do.
struct MarkShapes: Codable {
    struct Segment: Codable { var ax, ay, bx, by, halfWidth: Double }
    struct Point: Codable { var x, y, radius: Double }
    /// A band between x0 and x1 whose lower and upper edges are straight.
    struct Slice: Codable { var x0, x1, lower0, lower1, upper0, upper1: Double }

    var segments: [Segment] = []
    var points: [Point] = []
    var rects: [Rect] = []
    var slices: [Slice] = []
    /// A heat map fills the whole panel.
    var fillsPanel = false
    let frame: Rect

    init(data: PanelData, frame f: Rect) {
        self.frame = f
        let xr = data.xRange, yr = data.yRange
        let xs = data.panel.xScale, ys = data.panel.yScale
        func px(_ x: Double) -> Double { f.x0 + (xs.apply(x) - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * f.width }
        func py(_ y: Double) -> Double { f.y0 + (ys.apply(y) - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * f.height }
        func clampY(_ v: Double) -> Double { v.isFinite ? min(max(v, f.y0 - 1), f.y1 + 1) : f.y0 - 1 }

        for mark in data.panel.marks {
            switch mark {
            case .line(let m): trace(m.x.map(px), m.y.map(py), width: m.width)
            case .step(let m): let v = m.vertices; trace(v.x.map(px), v.y.map(py), width: m.width)
            case .scatter(let m): for (x, y) in zip(m.x, m.y) { dot(px(x), py(y), m.size / 2) }
            case .errorBars(let m):
                for (i, (x, y)) in zip(m.x, m.y).enumerated() {
                    dot(px(x), py(y), m.size / 2)
                    let lo = m.yLower.map { y - $0[i] } ?? y, hi = m.yUpper.map { y + $0[i] } ?? y
                    trace([px(x), px(x)], [py(lo), py(hi)], width: 1)
                    if let e = m.xError { trace([px(x - e[i]), px(x + e[i])], [py(y), py(y)], width: 1) }
                }
            case .histogram(let m): columns(m.histogram.edges.map(px), tops: m.heights.map { clampY(py($0)) })
            case .stackedHistogram(let m):
                columns(m.histograms[0].edges.map(px), tops: (m.cumulativeHeights.last ?? []).map { clampY(py($0)) })
            case .bars(let m):
                let half = m.barWidth / 2
                for (x, h) in zip(m.x, m.heights) { columns([px(x - half), px(x + half)], tops: [clampY(py(h))]) }
            case .band(let m):
                let x = m.x.map(px), lo = m.lower.map(py), hi = m.upper.map(py)
                for i in 1..<max(1, x.count) where [x[i - 1], x[i], lo[i - 1], lo[i], hi[i - 1], hi[i]].allSatisfy(\.isFinite) {
                    slices.append(Slice(x0: x[i - 1], x1: x[i], lower0: lo[i - 1], lower1: lo[i], upper0: hi[i - 1], upper1: hi[i]))
                }
            case .heatMap: fillsPanel = true
            case .contour(let m): contourCells(m, px: px, py: py)
            case .reference(let m):
                switch m.orientation {
                case .horizontal(let y): trace([f.x0, f.x1], [py(y), py(y)], width: m.width)
                case .vertical(let x): trace([px(x), px(x)], [f.y0, f.y1], width: m.width)
                }
            case .annotation: break  // text: the renderer adds its box
            }
        }
    }

    private mutating func trace(_ x: [Double], _ y: [Double], width: Double) {
        if x.count == 1 { dot(x[0], y[0], width / 2); return }
        for i in 1..<max(1, x.count) where x[i - 1].isFinite && y[i - 1].isFinite && x[i].isFinite && y[i].isFinite {
            segments.append(Segment(ax: x[i - 1], ay: y[i - 1], bx: x[i], by: y[i], halfWidth: width / 2))
        }
    }

    private mutating func dot(_ x: Double, _ y: Double, _ r: Double) {
        guard x.isFinite, y.isFinite else { return }
        points.append(Point(x: x, y: y, radius: r))
    }

    /// Bins standing on the panel's floor, bin i spanning edges i and i + 1.
    private mutating func columns(_ edges: [Double], tops: [Double]) {
        for i in tops.indices where i + 1 < edges.count && edges[i].isFinite && edges[i + 1].isFinite && tops[i] > frame.y0 {
            rects.append(Rect(x0: edges[i], y0: frame.y0, x1: edges[i + 1], y1: tops[i]))
        }
    }

    /// The grid cells a contour line crosses (a level between the corners' values).
    private mutating func contourCells(_ m: Contour, px: (Double) -> Double, py: (Double) -> Double) {
        let nx = m.x.count, ny = m.y.count
        guard nx > 1, ny > 1, m.z.count == nx * ny else { return }
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let corners = [m.z[j * nx + i], m.z[j * nx + i + 1], m.z[(j + 1) * nx + i], m.z[(j + 1) * nx + i + 1]]
                guard let lo = corners.min(), let hi = corners.max() else { continue }
                if m.levels.contains(where: { $0 >= lo && $0 <= hi }) {
                    rects.append(Rect(x0: px(m.x[i]), y0: py(m.y[j]), x1: px(m.x[i + 1]), y1: py(m.y[j + 1])))
                }
            }
        }
    }

    /// How many of the shapes the box meets (those outside the panel are
    /// clipped away when drawn and do not count).
    func count(in box: Rect, clearance: Double = 2) -> Int {
        if fillsPanel && box.overlaps(frame) { return 1 }
        guard max(box.x0, frame.x0) < min(box.x1, frame.x1), max(box.y0, frame.y0) < min(box.y1, frame.y1) else { return 0 }
        let area = Rect(x0: max(box.x0, frame.x0), y0: max(box.y0, frame.y0), x1: min(box.x1, frame.x1), y1: min(box.y1, frame.y1))
        var n = 0
        for s in segments where area.outset(by: clearance + s.halfWidth).meets(segmentFrom: s.ax, s.ay, to: s.bx, s.by) { n += 1 }
        for p in points where area.outset(by: clearance + p.radius).contains(x: p.x, y: p.y) { n += 1 }
        for r in rects where r.overlaps(area.outset(by: clearance)) { n += 1 }
        let grown = area.outset(by: clearance)
        for s in slices {
            let lo = max(s.x0, grown.x0), hi = min(s.x1, grown.x1)
            guard lo <= hi, s.x1 > s.x0 else { continue }
            func edge(_ a: Double, _ b: Double, _ x: Double) -> Double { a + (b - a) * (x - s.x0) / (s.x1 - s.x0) }
            // Straight edges: the band misses the box only if it is wholly above or below it across the overlap.
            let bottoms = [edge(s.lower0, s.lower1, lo), edge(s.lower0, s.lower1, hi)]
            let tops = [edge(s.upper0, s.upper1, lo), edge(s.upper0, s.upper1, hi)]
            let below = zip(bottoms, tops).allSatisfy { max($0, $1) < grown.y0 }
            let above = zip(bottoms, tops).allSatisfy { min($0, $1) > grown.y1 }
            if !below && !above { n += 1 }
        }
        return n
    }
}
