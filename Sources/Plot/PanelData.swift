import Foundation

/// A panel's marks in drawing coordinates (log10 on log axes), with the colours
/// they are drawn in and the limits they need: what layout and legend placement
/// work from.
struct PanelData {
    let panel: Panel
    /// The colours each mark is drawn in: one, or one per layer of a stacked histogram.
    let colors: [[Color]]
    /// Data extents in drawing coordinates.
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>

    init(_ panel: Panel) throws {
        self.panel = panel
        var next = 0
        var colors: [[Color]] = []
        func take() -> Color { defer { next += 1 }; return Color.palette[next % Color.palette.count] }
        for mark in panel.marks {
            switch mark {
            case .line(let m): colors.append([m.color ?? take()])
            case .step(let m): colors.append([m.color ?? take()])
            case .scatter(let m): colors.append([m.color ?? take()])
            case .histogram(let m): colors.append([m.color ?? take()])
            case .stackedHistogram(let m):
                colors.append(m.histograms.indices.map { m.colors?[safe: $0] ?? take() })
            case .bars(let m): colors.append([m.color ?? take()])
            case .errorBars(let m): colors.append([m.color ?? .black])
            case .band(let m): colors.append([m.color ?? take()])
            case .heatMap: colors.append([.black])
            case .contour(let m): colors.append([m.color ?? take()])
            case .reference(let m): colors.append([m.color ?? Color.black.opacity(0.75)])
            case .annotation(let m): colors.append([m.color ?? .black])
            }
        }
        self.colors = colors

        let xs = panel.xScale, ys = panel.yScale
        var x = Extent(), y = Extent()
        var yTouchesZero = false, xExact = false
        for mark in panel.marks {
            switch mark {
            case .line(let m): x.add(m.x, xs); y.add(m.y, ys)
            case .step(let m): x.add(m.x, xs); y.add(m.y, ys)
            case .scatter(let m): x.add(m.x, xs); y.add(m.y, ys)
            case .histogram(let m):
                x.add([m.histogram.lower, m.histogram.upper], xs); y.add(m.heights, ys)
                yTouchesZero = true; xExact = true
            case .stackedHistogram(let m):
                x.add([m.histograms[0].lower, m.histograms[0].upper], xs); y.add(m.cumulativeHeights.last ?? [], ys)
                yTouchesZero = true; xExact = true
            case .bars(let m):
                let w = m.barWidth / 2
                x.add(m.x.map { $0 - w } + m.x.map { $0 + w }, xs); y.add(m.heights, ys)
                yTouchesZero = true
            case .errorBars(let m):
                x.add(m.x, xs); y.add(m.y, ys)
                if let e = m.xError { x.add(zip(m.x, e).map { $0 - $1 } + zip(m.x, e).map { $0 + $1 }, xs) }
                if let e = m.yLower { y.add(zip(m.y, e).map { $0 - $1 }, ys) }
                if let e = m.yUpper { y.add(zip(m.y, e).map { $0 + $1 }, ys) }
            case .band(let m): x.add(m.x, xs); y.add(m.lower, ys); y.add(m.upper, ys)
            case .heatMap(let m):
                x.add([m.xEdges.first!, m.xEdges.last!], xs); y.add([m.yEdges.first!, m.yEdges.last!], ys)
                xExact = true
            case .contour(let m): x.add(m.x, xs); y.add(m.y, ys); xExact = true
            case .reference(let m):
                switch m.orientation {
                case .horizontal(let v): y.add([v], ys)
                case .vertical(let v): x.add([v], xs)
                }
            case .annotation(let m): x.add([m.x], xs); y.add([m.y], ys)
            }
        }
        if yTouchesZero && ys == .linear { y.add([0], .linear) }
        xRange = try Self.limits(given: panel.xLimits, scale: xs, extent: x, pad: xExact ? 0 : 0.03, axis: "x")
        let onlyHeatMaps = panel.marks.allSatisfy { if case .heatMap = $0 { return true }; if case .contour = $0 { return true }; return false }
        var yr = try Self.limits(given: panel.yLimits, scale: ys, extent: y, pad: onlyHeatMaps ? 0 : 0.05, axis: "y")
        // Bars and histograms stand on zero: no margin below it.
        if yTouchesZero, panel.yLimits == nil, ys == .linear, y.lower >= 0 {
            yr = 0...yr.upperBound
        }
        yRange = yr
    }

    /// The limits in drawing coordinates: the given ones, or the data's with a margin.
    static func limits(given: ClosedRange<Double>?, scale: Scale, extent: Extent, pad: Double, axis: String) throws -> ClosedRange<Double> {
        let range = try unchecked(given: given, scale: scale, extent: extent, pad: pad, axis: axis)
        // Beyond ±10³⁰⁰ the page arithmetic (spans, margins, tick steps) overflows.
        guard range.lowerBound.isFinite, range.upperBound.isFinite, (range.upperBound - range.lowerBound).isFinite,
              max(abs(range.lowerBound), abs(range.upperBound)) <= 1e300 else {
            throw FigureError.badData("the \(axis) values run from \(extent.lower) to \(extent.upper), too far apart to draw; "
                                      + "drop the overflowing values, rescale them, or give \(axis)Limits")
        }
        return range
    }

    private static func unchecked(given: ClosedRange<Double>?, scale: Scale, extent: Extent, pad: Double, axis: String) throws -> ClosedRange<Double> {
        if let given {
            if scale == .log {
                guard given.lowerBound > 0 else {
                    throw FigureError.badData("\(axis) limits \(given) include values ≤ 0 on a log axis; give positive limits")
                }
                return log10(given.lowerBound)...log10(given.upperBound)
            }
            guard given.upperBound > given.lowerBound else {
                throw FigureError.badData("\(axis) limits \(given) are empty; give a lower and a larger upper limit")
            }
            return given
        }
        guard extent.lower.isFinite, extent.upper.isFinite else { return 0...1 }  // nothing drawable: an empty unit panel
        var lo = extent.lower, hi = extent.upper
        if hi - lo < 1e-12 * max(1, abs(hi)) {
            let half = scale == .log ? 0.5 : max(abs(lo) * 0.1, 0.5)
            lo -= half
            hi += half
        }
        let margin = (hi - lo) * pad
        return (lo - margin)...(hi + margin)
    }
}

/// The running minimum and maximum of finite values in drawing coordinates.
struct Extent {
    var lower = Double.infinity
    var upper = -Double.infinity

    mutating func add(_ values: [Double], _ scale: Scale) {
        for v in values {
            let d = scale == .log ? (v > 0 ? log10(v) : .nan) : v
            guard d.isFinite else { continue }
            if d < lower { lower = d }
            if d > upper { upper = d }
        }
    }
}

extension Scale {
    /// A value in drawing coordinates (NaN where a log axis cannot show it).
    @inline(__always) func apply(_ v: Double) -> Double {
        switch self {
        case .linear: v
        case .log: v > 0 ? log10(v) : .nan
        }
    }
}
