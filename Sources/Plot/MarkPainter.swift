import Foundation

/// Draws one panel's marks with PLplot, in the panel's world coordinates
/// (log10 of the values on log axes).
struct MarkPainter {
    let stream: PLplotStream
    let data: PanelData
    let frame: Rect

    private var xs: Scale { data.panel.xScale }
    private var ys: Scale { data.panel.yScale }
    /// World units per point along each axis.
    private var xPerPoint: Double { (data.xRange.upperBound - data.xRange.lowerBound) / frame.width }
    private var yPerPoint: Double { (data.yRange.upperBound - data.yRange.lowerBound) / frame.height }
    /// The y every bar stands on.
    private var baseline: Double { ys == .log ? data.yRange.lowerBound : max(data.yRange.lowerBound, 0) }

    func draw(_ mark: Mark, colors: [Color]) {
        let color = colors[0]
        stream.dashes([])
        switch mark {
        case .line(let m):
            stroke(color, width: m.width, style: m.style)
            polyline(m.x, m.y)
        case .step(let m):
            stroke(color, width: m.width, style: m.style)
            let v = m.vertices
            polyline(v.x, v.y)
        case .scatter(let m):
            markers(m.x, m.y, shape: m.marker, size: m.size, color: color.opacity(m.alpha * color.alpha))
        case .histogram(let m):
            histogram(edges: m.histogram.edges, heights: m.heights, color: color, filled: m.filled, alpha: m.alpha, width: m.width)
        case .stackedHistogram(let m):
            stacked(m, colors: colors)
        case .bars(let m):
            let half = m.barWidth / 2
            for (x, height) in zip(m.x, m.heights) where x.isFinite && height.isFinite {
                let x0 = xs.apply(x - half), x1 = xs.apply(x + half), top = ys.apply(height)
                stream.color(color.opacity(m.alpha))
                stream.fill([x0, x1, x1, x0], [baseline, baseline, top, top])
                // Translucent bars get a solid outline, as bands do.
                if m.alpha < 1 {
                    stroke(color, width: 0.75, style: .solid)
                    stream.line([x0, x0, x1, x1], [baseline, top, top, baseline])
                }
            }
        case .errorBars(let m):
            errorBars(m, color: color)
        case .band(let m):
            stream.color(color.opacity(m.alpha))
            var px: [Double] = [], py: [Double] = []
            for i in m.x.indices { px.append(xs.apply(m.x[i])); py.append(ys.apply(m.upper[i])) }
            for i in m.x.indices.reversed() { px.append(xs.apply(m.x[i])); py.append(ys.apply(m.lower[i])) }
            let keep = zip(px, py).filter { $0.isFinite && $1.isFinite }
            stream.fill(keep.map(\.0), keep.map(\.1))
            // Its edges, solid and thin: a light translucent fill alone can fall below 3:1
            // against the page (WCAG 1.4.11), its outline does not.
            stroke(color, width: 0.75, style: .solid)
            polyline(m.x, m.upper)
            polyline(m.x, m.lower)
        case .heatMap(let m):
            heatMap(m)
        case .contour(let m):
            stroke(color, width: m.width, style: .solid)
            stream.contour(x: m.x.map(xs.apply), y: m.y.map(ys.apply), z: m.z, levels: m.levels)
        case .reference(let m):
            stroke(color, width: m.width, style: m.style)
            switch m.orientation {
            case .horizontal(let y):
                let v = ys.apply(y)
                stream.line([data.xRange.lowerBound, data.xRange.upperBound], [v, v])
            case .vertical(let x):
                let v = xs.apply(x)
                stream.line([v, v], [data.yRange.lowerBound, data.yRange.upperBound])
            }
        case .annotation(let m):
            stream.color(color)
            stream.fontSize(m.size)
            stream.text(PlotText.plplot(m.text), x: xs.apply(m.x), y: ys.apply(m.y), angle: m.angle, justification: m.alignment.justification)
        }
        stream.dashes([])
    }

    private func stroke(_ color: Color, width: Double, style: LineStyle) {
        stream.color(color)
        stream.lineWidth(width)
        stream.dashes(style.pattern)
    }

    /// A line through the points, broken where a value is missing or not drawable.
    /// Points closer than 0.05 pt to the last one kept are left out (invisible,
    /// and a ROC curve of 10⁶ events has 10⁶ points).
    private func polyline(_ x: [Double], _ y: [Double]) {
        var px: [Double] = [], py: [Double] = []
        px.reserveCapacity(min(x.count, 20_000))
        py.reserveCapacity(min(x.count, 20_000))
        let sx = 1 / xPerPoint, sy = 1 / yPerPoint
        for i in x.indices {
            let a = xs.apply(x[i]), b = ys.apply(y[i])
            if a.isFinite && b.isFinite {
                if let lx = px.last, let ly = py.last, i + 1 < x.count,
                   abs(a - lx) * sx + abs(b - ly) * sy < 0.05 { continue }
                px.append(a)
                py.append(b)
            } else {
                stream.line(px, py)
                px.removeAll(keepingCapacity: true)
                py.removeAll(keepingCapacity: true)
            }
        }
        stream.line(px, py)
    }

    private func histogram(edges: [Double], heights: [Double], color: Color, filled: Bool, alpha: Double, width: Double) {
        var px: [Double] = [xs.apply(edges[0])], py: [Double] = [baseline]
        for i in heights.indices {
            let top = heights[i] > 0 || ys == .linear ? ys.apply(heights[i]) : baseline
            px += [xs.apply(edges[i]), xs.apply(edges[i + 1])]
            py += [top.isFinite ? top : baseline, top.isFinite ? top : baseline]
        }
        px.append(xs.apply(edges[edges.count - 1]))
        py.append(baseline)
        if filled {
            stream.color(color.opacity(alpha))
            stream.fill(px, py)
        }
        stroke(color, width: width, style: .solid)
        stream.line(px, py)
    }

    private func stacked(_ m: StackedHist, colors: [Color]) {
        let edges = m.histograms[0].edges
        let tops = m.cumulativeHeights
        var previous = [Double](repeating: 0, count: tops[0].count)
        for (layer, top) in tops.enumerated() {
            let color = colors[layer]
            var px: [Double] = [], py: [Double] = []
            for i in top.indices {
                px += [xs.apply(edges[i]), xs.apply(edges[i + 1])]
                py += [ys.apply(top[i]), ys.apply(top[i])]
            }
            var bx: [Double] = [], by: [Double] = []
            for i in top.indices.reversed() {
                bx += [xs.apply(edges[i + 1]), xs.apply(edges[i])]
                by += [layer == 0 ? baseline : ys.apply(previous[i]), layer == 0 ? baseline : ys.apply(previous[i])]
            }
            stream.color(color.opacity(m.alpha))
            stream.fill(px + bx, py + by)
            stroke(color, width: 1, style: .solid)
            stream.line(px, py)
            previous = top
        }
    }

    /// Markers at the points. Circles are zero-length strokes with round caps
    /// (the SVG keeps them as a few bytes each); other shapes are polygons.
    func markers(_ x: [Double], _ y: [Double], shape: MarkerShape, size: Double, color: Color) {
        stream.color(color)
        stream.dashes([])
        let rx = size / 2 * xPerPoint, ry = size / 2 * yPerPoint
        switch shape {
        case .circle:
            stream.lineWidth(size)
            for (a, b) in zip(x, y) {
                let px = xs.apply(a), py = ys.apply(b)
                guard px.isFinite, py.isFinite, data.xRange.contains(px), data.yRange.contains(py) else { continue }
                stream.line([px, px], [py, py])
            }
        case .square, .diamond, .triangle:
            let unit: [(Double, Double)] = switch shape {
            case .square: [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)]
            case .diamond: [(0, -1.15), (1.15, 0), (0, 1.15), (-1.15, 0)]
            default: [(-1, -0.75), (1, -0.75), (0, 1.1)]
            }
            for (a, b) in zip(x, y) {
                let px = xs.apply(a), py = ys.apply(b)
                guard px.isFinite, py.isFinite else { continue }
                stream.fill(unit.map { px + $0.0 * rx }, unit.map { py + $0.1 * ry })
            }
        case .plus, .cross:
            stream.lineWidth(max(1, size / 4))
            let d = shape == .plus ? [(1.0, 0.0), (0.0, 1.0)] : [(0.75, 0.75), (0.75, -0.75)]
            for (a, b) in zip(x, y) {
                let px = xs.apply(a), py = ys.apply(b)
                guard px.isFinite, py.isFinite else { continue }
                for (u, v) in d { stream.line([px - u * rx, px + u * rx], [py - v * ry, py + v * ry]) }
            }
        }
    }

    private func errorBars(_ m: ErrorBars, color: Color) {
        stroke(color, width: 1, style: .solid)
        let cap = m.capWidth / 2 * xPerPoint
        for i in m.x.indices {
            let x = xs.apply(m.x[i]), y = ys.apply(m.y[i])
            guard x.isFinite, y.isFinite else { continue }
            if let lower = m.yLower?[i], let upper = m.yUpper?[i] {
                let lo = ys.apply(m.y[i] - lower), hi = ys.apply(m.y[i] + upper)
                if lo.isFinite && hi.isFinite {
                    stream.line([x, x], [lo, hi])
                    if cap > 0 {
                        stream.line([x - cap, x + cap], [lo, lo])
                        stream.line([x - cap, x + cap], [hi, hi])
                    }
                }
            }
            if let e = m.xError?[i] {
                let lo = xs.apply(m.x[i] - e), hi = xs.apply(m.x[i] + e)
                if lo.isFinite && hi.isFinite { stream.line([lo, hi], [y, y]) }
            }
        }
        markers(m.x, m.y, shape: m.marker, size: m.size, color: color)
    }

    /// Cells coloured by value. Cells are quantised to 256 colours, joined into
    /// runs along each row and drawn colour by colour, so that the SVG holds one
    /// path per colour instead of one element per cell.
    private func heatMap(_ m: HeatMap) {
        let nx = m.xEdges.count - 1, ny = m.yEdges.count - 1
        let limits = m.limits
        let span = limits.upperBound - limits.lowerBound
        let levels = 256
        var runs = [[(row: Int, from: Int, to: Int)]](repeating: [], count: levels)
        for j in 0..<ny {
            var i = 0
            while i < nx {
                let v = m.values[j * nx + i]
                guard v.isFinite else { i += 1; continue }
                let level = min(levels - 1, max(0, Int((v - limits.lowerBound) / span * Double(levels))))
                var k = i + 1
                while k < nx, m.values[j * nx + k].isFinite,
                      min(levels - 1, max(0, Int((m.values[j * nx + k] - limits.lowerBound) / span * Double(levels)))) == level {
                    k += 1
                }
                runs[level].append((j, i, k))
                i = k
            }
        }
        // Each cell reaches a point into its right and upper neighbours, so that no
        // anti-aliased edge lets the background through (conflation seams).
        let ox = xPerPoint, oy = yPerPoint
        for (level, cells) in runs.enumerated() where !cells.isEmpty {
            stream.color(m.colorMap.color(at: (Double(level) + 0.5) / Double(levels)))
            for cell in cells {
                let x0 = xs.apply(m.xEdges[cell.from]), x1 = xs.apply(m.xEdges[cell.to]) + (cell.to < nx ? ox : 0)
                let y0 = ys.apply(m.yEdges[cell.row]), y1 = ys.apply(m.yEdges[cell.row + 1]) + (cell.row + 1 < ny ? oy : 0)
                stream.fill([x0, x1, x1, x0], [y0, y0, y1, y1])
            }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
