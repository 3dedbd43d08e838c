import Foundation

/// Lays out a figure's panels and draws them with PLplot. Works in points
/// (1/72 inch) from the bottom left of the page, as PLplot does. Every piece
/// of text is measured (`PlotText.extent`, FreeType on DejaVu Sans) before it
/// is placed, and recorded with its box in `layout`.
final class FigureRenderer {
    let figure: Figure
    let stream: PLplotStream
    private(set) var layout = FigureLayout()

    // The slide style: black axes and text, sizes readable at the page's width.
    static let labelSize = 11.0
    static let tickSize = 10.0
    static let titleSize = 12.0
    static let axisWidth = 0.8
    static let colorBarWidth = 11.0
    /// Major tick length, and the gap between a tick's end and its label.
    static let tickLength = 4.0
    static let tickGap = 3.0
    /// Half the height of DejaVu Sans's digits and capitals, in ems: a label
    /// centred on a tick has its baseline this far below it.
    static let capCentre = 0.364
    /// Between stacked pieces (tick labels, axis label, legend) and at the page's edge.
    static let gap = 5.0

    init(figure: Figure, stream: PLplotStream) {
        self.figure = figure
        self.stream = stream
    }

    /// One panel's needs: its data, axes, tick label sizes and legend.
    private struct Plan {
        var data: PanelData
        var axes: (x: Axis, y: Axis)
        var legend: Legend
        var placement: Legend.Placement?
        var legendColumns = 1
    }

    func draw() throws {
        let width = stream.widthPoints, height = stream.heightPoints
        var data = try figure.panels.map(PanelData.init)
        shareLimits(&data)

        let titleStrip = figure.title.isEmpty ? 0 : Self.titleSize * 2.2
        let cellWidth = width / Double(figure.columns)
        let cellHeight = (height - titleStrip) / Double(figure.rows)
        var plans = data.map { d in
            Plan(data: d,
                 axes: (x: Axis(range: d.xRange, scale: d.panel.xScale, targetTicks: max(3, min(9, Int((cellWidth - 70) / 70)))),
                        y: Axis(range: d.yRange, scale: d.panel.yScale, targetTicks: max(3, min(8, Int((cellHeight - 50) / 45))))),
                 legend: Legend(data: d))
        }

        // Frames from margins shared along rows and columns (so that panels line
        // up); legends that find no free place inside go outside, which widens
        // the margins, so the frames are laid out again until nothing moves.
        var frames: [Rect] = []
        for _ in 0..<4 {
            frames = try layOut(plans, width: width, height: height, titleStrip: titleStrip)
            var moved = false
            for i in plans.indices {
                let before = plans[i].placement
                place(&plans[i], frame: frames[i])
                if plans[i].placement != before { moved = true }
            }
            if !moved { break }
        }

        if !figure.title.isEmpty {
            stream.color(.black)
            text(figure.title, x: width / 2, baseline: height - titleStrip / 2 - Self.capCentre * Self.titleSize * 1.1,
                 size: Self.titleSize * 1.1, justification: 0.5, role: .title, panel: nil)
        }
        for (index, plan) in plans.enumerated() {
            try drawPanel(plan, index: index, frame: frames[index])
        }
    }

    /// The panels' frames for the current legend placements.
    private func layOut(_ plans: [Plan], width: Double, height: Double, titleStrip: Double) throws -> [Rect] {
        let cellWidth = width / Double(figure.columns)
        let cellHeight = (height - titleStrip) / Double(figure.rows)
        var left = [Double](repeating: 0, count: figure.columns), right = left
        var bottom = [Double](repeating: 0, count: figure.rows), top = bottom
        for (index, plan) in plans.enumerated() {
            let (r, c) = (index / figure.columns, index % figure.columns)
            let m = margins(plan, row: r, column: c, cellWidth: cellWidth)
            left[c] = max(left[c], m.left)
            right[c] = max(right[c], m.right)
            bottom[r] = max(bottom[r], m.bottom)
            top[r] = max(top[r], m.top)
        }
        let spaces = try plans.indices.map { index in
            let (r, c) = (index / figure.columns, index % figure.columns)
            let x0 = Double(c) * cellWidth + left[c], x1 = Double(c + 1) * cellWidth - right[c]
            let y1 = height - titleStrip - Double(r) * cellHeight - top[r]
            let y0 = height - titleStrip - Double(r + 1) * cellHeight + bottom[r]
            guard x1 - x0 > 20, y1 - y0 > 20 else {
                throw FigureError.badSize("the figure is too small for its \(figure.rows) × \(figure.columns) panels and their labels; make it larger")
            }
            return Rect(x0: x0, y0: y0, x1: x1, y1: y1)
        }
        // Panels with an aspect share one scale (points per x unit), the
        // largest that fits them all, so that a grid of images has one pixel size.
        let scales = plans.indices.compactMap { i in aspectShape(plans[i].data).map { fittedWidth(spaces[i], ratio: $0.ratio) / $0.xSpan } }
        guard let scale = scales.min() else { return spaces }
        return plans.indices.map { i in
            guard let shape = aspectShape(plans[i].data) else { return spaces[i] }
            let space = spaces[i], w = scale * shape.xSpan, h = shape.ratio * w
            let (cx, cy) = ((space.x0 + space.x1) / 2, (space.y0 + space.y1) / 2)
            return Rect(x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2)
        }
    }

    /// For a panel with an aspect: its x span in drawing coordinates (where a
    /// log axis already counts decades: `PanelData`'s ranges) and the
    /// height-to-width ratio that draws one unit of y `aspect` times as long
    /// as one unit of x.
    private func aspectShape(_ data: PanelData) -> (xSpan: Double, ratio: Double)? {
        guard let aspect = data.panel.aspect else { return nil }
        let xSpan = data.xRange.upperBound - data.xRange.lowerBound
        let ratio = aspect * (data.yRange.upperBound - data.yRange.lowerBound) / xSpan
        return ratio.isFinite && ratio > 0 ? (xSpan, ratio) : nil
    }

    /// The width of the largest frame of height-to-width `ratio` inside `space`.
    private func fittedWidth(_ space: Rect, ratio: Double) -> Double {
        min(space.width, space.height / ratio)
    }

    /// Chooses where the panel's legend goes in `frame`: its own position, or
    /// for `.best` the first free place inside, else right of the panel (when
    /// the panel keeps most of its width), else below it. A legend once
    /// outside stays there, so that layout settles.
    private func place(_ plan: inout Plan, frame: Rect) {
        let panel = plan.data.panel
        guard panel.legend != .none, !plan.legend.entries.isEmpty else { plan.placement = nil; return }
        guard panel.legend == .best else { plan.placement = .inside(panel.legend); return }
        switch plan.placement {
        case .right?: return
        case .below?:
            plan.legendColumns = plan.legend.columns(fitting: frame.width)
            return
        default: break
        }
        let shapes = MarkShapes(data: plan.data, frame: frame)
        if let free = plan.legend.freePosition(frame: frame, shapes: shapes, obstacles: annotationBoxes(plan.data, frame: frame)) {
            plan.placement = .inside(free)
        } else if plan.legend.size().width + 8 <= frame.width * 0.4 {
            plan.placement = .right
        } else {
            plan.placement = .below
            plan.legendColumns = plan.legend.columns(fitting: frame.width)
        }
    }

    /// Gives panels in a column the same x limits and panels in a row the same
    /// y limits, when the figure shares them.
    private func shareLimits(_ data: inout [PanelData]) {
        func union(_ ranges: [ClosedRange<Double>]) -> ClosedRange<Double> {
            ranges.dropFirst().reduce(ranges[0]) { min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound) }
        }
        if figure.sharedX {
            for c in 0..<figure.columns {
                let members = Array(stride(from: c, to: data.count, by: figure.columns))
                guard !members.isEmpty else { continue }
                let shared = union(members.map { data[$0].xRange })
                for i in members { data[i].xRange = shared }
            }
        }
        if figure.sharedY {
            for r in 0..<figure.rows {
                let members = Array((r * figure.columns)..<min(data.count, (r + 1) * figure.columns))
                guard !members.isEmpty else { continue }
                let shared = union(members.map { data[$0].yRange })
                for i in members { data[i].yRange = shared }
            }
        }
    }

    private func showsXTickLabels(row: Int, column: Int) -> Bool {
        !figure.sharedX || row == figure.rows - 1 || (row + 1) * figure.columns + column >= figure.panels.count
    }

    private func showsYTickLabels(column: Int) -> Bool { !figure.sharedY || column == 0 }

    // MARK: Measuring

    private func extents(_ labels: [(position: Double, text: String)], size: Double) -> [TextExtent] {
        labels.map { PlotText.extent($0.text, size: size) }
    }

    /// Height of the band the x tick labels take below the axis (tick included).
    private func xTickBand(_ axis: Axis) -> (band: Double, above: Double) {
        let e = extents(axis.labels, size: Self.tickSize)
        let above = e.map(\.above).max() ?? 0, below = e.map(\.below).max() ?? 0
        return (Self.tickLength + Self.tickGap + above + below, above)
    }

    /// Width of the y tick labels plus tick and gap.
    private func yTickBand(_ axis: Axis) -> Double {
        Self.tickLength + Self.tickGap + (extents(axis.labels, size: Self.tickSize).map(\.width).max() ?? 0)
    }

    /// Distance from the axis to the outer edge of the x tick labels and axis label.
    private func belowAxis(_ plan: Plan, row: Int, column: Int) -> Double {
        var d = showsXTickLabels(row: row, column: column) ? xTickBand(plan.axes.x).band : 4
        if !plan.data.panel.xLabel.isEmpty { d += Self.gap + PlotText.extent(plan.data.panel.xLabel, size: Self.labelSize).height }
        return d
    }

    private func colorBarBand(_ heat: HeatMap) -> Double {
        let axis = Axis(range: heat.limits, scale: .linear, targetTicks: 5)
        let ticks = extents(axis.labels, size: Self.tickSize).map(\.width).max() ?? 0
        let label = heat.colorBarLabel.map { $0.isEmpty ? 0 : Self.gap + PlotText.extent($0, size: Self.labelSize).height } ?? 0
        return 10 + Self.colorBarWidth + Self.tickLength + Self.tickGap + ticks + label
    }

    /// Room around a panel, in points, for its tick labels, axis labels, title,
    /// colour bar and an outside legend.
    private func margins(_ plan: Plan, row: Int, column: Int, cellWidth: Double) -> (left: Double, right: Double, bottom: Double, top: Double) {
        let panel = plan.data.panel
        let showY = showsYTickLabels(column: column), showX = showsXTickLabels(row: row, column: column)
        var left = Self.gap + (showY ? yTickBand(plan.axes.y) : 4)
        if !panel.yLabel.isEmpty { left += Self.gap + PlotText.extent(panel.yLabel, size: Self.labelSize).height }
        var bottom = Self.gap + belowAxis(plan, row: row, column: column)
        var top = 8 + (panel.title.isEmpty ? 0 : 6 + PlotText.extent(panel.title, size: Self.titleSize).height)
        var right = 10.0

        // Tick labels at the very ends of an axis stick out past the frame.
        let yLabels = plan.axes.y.labels, xLabels = plan.axes.x.labels
        let ySpan = plan.data.yRange.upperBound - plan.data.yRange.lowerBound
        if showY, let last = yLabels.last, (last.position - plan.data.yRange.lowerBound) / ySpan > 0.95 {
            top = max(top, PlotText.extent(last.text, size: Self.tickSize).above - Self.capCentre * Self.tickSize + 3)
        }
        let xSpan = plan.data.xRange.upperBound - plan.data.xRange.lowerBound
        if showX, let last = xLabels.last, (last.position - plan.data.xRange.lowerBound) / xSpan > 0.95 {
            right = max(right, PlotText.width(last.text, size: Self.tickSize) / 2 + 3)
        }
        if let heat = colorBar(of: panel) {
            right = colorBarBand(heat) + 6
        }
        switch plan.placement {
        case .right?: right += 8 + plan.legend.size().width
        case .below?: bottom += 8 + plan.legend.size(columns: plan.legendColumns).height
        default: break
        }
        return (left, right, bottom, top)
    }

    private func colorBar(of panel: Panel) -> HeatMap? {
        for case .heatMap(let h) in panel.marks where h.showsColorBar { return h }
        return nil
    }

    /// The boxes of a panel's text annotations, in page points.
    private func annotationBoxes(_ d: PanelData, frame: Rect) -> [Rect] {
        let xr = d.xRange, yr = d.yRange
        return d.panel.marks.compactMap { mark -> Rect? in
            guard case .annotation(let a) = mark else { return nil }
            let x = frame.x0 + (d.panel.xScale.apply(a.x) - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * frame.width
            let y = frame.y0 + (d.panel.yScale.apply(a.y) - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * frame.height
            guard x.isFinite, y.isFinite else { return nil }
            return Self.box(of: PlotText.extent(a.text, size: a.size), x: x, baseline: y - PLplotStream.referenceRise(a.size),
                            justification: a.alignment.justification, angle: a.angle)
        }
    }

    // MARK: Text

    /// Sets world coordinates to page points over the whole page.
    func pageCoordinates() {
        stream.viewport(x: 0...1, y: 0...1)
        stream.window(x: 0...stream.widthPoints, y: 0...stream.heightPoints)
    }

    /// The box of text with extent `e` whose baseline starts (`justification`
    /// 0), centres (0.5) or ends (1) at (x, baseline), turned by `angle` degrees.
    static func box(of e: TextExtent, x: Double, baseline y: Double, justification: Double, angle: Double) -> Rect {
        let a = angle * .pi / 180
        let (dx, dy) = (cos(a), sin(a)), (nx, ny) = (-sin(a), cos(a))
        let sx = x - justification * e.width * dx, sy = y - justification * e.width * dy
        var xs: [Double] = [], ys: [Double] = []
        for t in [0, e.width] { for s in [-e.below, e.above] { xs.append(sx + t * dx + s * nx); ys.append(sy + t * dy + s * ny) } }
        return Rect(x0: xs.min()!, y0: ys.min()!, x1: xs.max()!, y1: ys.max()!)
    }

    /// Draws `text` (label syntax, see `PlotText`) with its baseline through
    /// (x, baseline) in page points, in the current colour, and records its box.
    func text(_ text: String, x: Double, baseline: Double, size: Double, justification: Double, angle: Double = 0,
              role: FigureLayout.Text.Role, panel: Int? = nil) {
        pageCoordinates()
        stream.fontSize(size)
        // PLplot places text by a reference point above the baseline.
        let rise = PLplotStream.referenceRise(size), a = angle * .pi / 180
        stream.text(PlotText.plplot(text), x: x - rise * sin(a), y: baseline + rise * cos(a), angle: angle, justification: justification)
        let box = Self.box(of: PlotText.extent(text, size: size), x: x, baseline: baseline, justification: justification, angle: angle)
        layout.texts.append(FigureLayout.Text(text: PlotText.plain(text), markup: text, box: box, role: role, panel: panel))
    }

    // MARK: A panel

    private func drawPanel(_ plan: Plan, index: Int, frame: Rect) throws {
        let (row, column) = (index / figure.columns, index % figure.columns)
        let w = stream.widthPoints, h = stream.heightPoints
        let d = plan.data, axes = plan.axes, panel = d.panel
        func panelCoordinates() {
            stream.viewport(x: frame.x0 / w...frame.x1 / w, y: frame.y0 / h...frame.y1 / h)
            stream.window(x: d.xRange, y: d.yRange)
        }
        layout.frames.append(frame)
        if plan.placement != nil { layout.shapes[index] = MarkShapes(data: d, frame: frame) }
        panelCoordinates()

        if panel.grid {
            stream.color(.lightGray)
            stream.lineWidth(0.6)
            stream.dashes([])
            stream.box(x: "g" + (axes.x.scale == .log ? "l" : ""), xStep: axes.x.step, xMinor: 0,
                       y: "g" + (axes.y.scale == .log ? "l" : ""), yStep: axes.y.step, yMinor: 0)
        }

        let painter = MarkPainter(stream: stream, data: d, frame: frame)
        for (mark, colors) in zip(panel.marks, d.colors) {
            painter.draw(mark, colors: colors)
        }
        for (mark, box) in zip(panel.marks.filter { if case .annotation = $0 { true } else { false } }, annotationBoxes(d, frame: frame)) {
            if case .annotation(let a) = mark {
                layout.texts.append(FigureLayout.Text(text: PlotText.plain(a.text), markup: a.text, box: box, role: .annotation, panel: index))
            }
        }

        // Axes on top of the data: ticks outwards on the bottom and left, the
        // top and right plain lines; tick labels are ours, measured.
        panelCoordinates()
        stream.color(.black)
        stream.lineWidth(Self.axisWidth)
        stream.dashes([])
        stream.tickLength(major: Self.tickLength, minor: 2.2)
        stream.box(x: "bsti" + (axes.x.scale == .log ? "l" : ""), xStep: axes.x.step, xMinor: axes.x.minorCount,
                   y: "bsti" + (axes.y.scale == .log ? "l" : ""), yStep: axes.y.step, yMinor: axes.y.minorCount)
        stream.box(x: "c", xStep: 0, xMinor: 0, y: "c", yStep: 0, yMinor: 0)
        func pageX(_ p: Double) -> Double { frame.x0 + (p - d.xRange.lowerBound) / (d.xRange.upperBound - d.xRange.lowerBound) * frame.width }
        func pageY(_ p: Double) -> Double { frame.y0 + (p - d.yRange.lowerBound) / (d.yRange.upperBound - d.yRange.lowerBound) * frame.height }
        // Narrow log axes are labelled between decades: give those labels ticks too.
        let narrowLogX = axes.x.scale == .log && d.xRange.upperBound - d.xRange.lowerBound < 2
        let narrowLogY = axes.y.scale == .log && d.yRange.upperBound - d.yRange.lowerBound < 2
        if narrowLogX || narrowLogY {
            pageCoordinates()
            if narrowLogX { for l in axes.x.labels { stream.line([pageX(l.position), pageX(l.position)], [frame.y0, frame.y0 - Self.tickLength]) } }
            if narrowLogY { for l in axes.y.labels { stream.line([frame.x0, frame.x0 - Self.tickLength], [pageY(l.position), pageY(l.position)]) } }
        }

        let showX = showsXTickLabels(row: row, column: column), showY = showsYTickLabels(column: column)
        if showX {
            let above = xTickBand(axes.x).above
            for l in axes.x.labels {
                text(l.text, x: pageX(l.position), baseline: frame.y0 - Self.tickLength - Self.tickGap - above,
                     size: Self.tickSize, justification: 0.5, role: .tick, panel: index)
            }
        }
        if showY {
            for l in axes.y.labels {
                text(l.text, x: frame.x0 - Self.tickLength - Self.tickGap, baseline: pageY(l.position) - Self.capCentre * Self.tickSize,
                     size: Self.tickSize, justification: 1, role: .tick, panel: index)
            }
        }
        if !panel.xLabel.isEmpty {
            let e = PlotText.extent(panel.xLabel, size: Self.labelSize)
            let band = showX ? xTickBand(axes.x).band : 4
            text(panel.xLabel, x: (frame.x0 + frame.x1) / 2, baseline: frame.y0 - band - Self.gap - e.above,
                 size: Self.labelSize, justification: 0.5, role: .axisLabel, panel: index)
        }
        if !panel.yLabel.isEmpty {
            // Turned a quarter left: its descenders face the tick labels.
            let e = PlotText.extent(panel.yLabel, size: Self.labelSize)
            let band = showY ? yTickBand(axes.y) : 4
            text(panel.yLabel, x: frame.x0 - band - Self.gap - e.below, baseline: (frame.y0 + frame.y1) / 2,
                 size: Self.labelSize, justification: 0.5, angle: 90, role: .axisLabel, panel: index)
        }
        if !panel.title.isEmpty {
            let e = PlotText.extent(panel.title, size: Self.titleSize)
            text(panel.title, x: (frame.x0 + frame.x1) / 2, baseline: frame.y1 + 6 + e.below,
                 size: Self.titleSize, justification: 0.5, role: .title, panel: index)
        }

        var rightEdge = frame.x1
        if let heat = colorBar(of: panel) {
            drawColorBar(heat, frame: frame, panel: index)
            rightEdge = frame.x1 + colorBarBand(heat)
        }
        if let placement = plan.placement {
            let box: Rect
            switch placement {
            case .inside(let position): box = plan.legend.box(position, frame: frame)
            case .right:
                let s = plan.legend.size()
                box = Rect(x0: rightEdge + 8, y0: frame.y1 - s.height, x1: rightEdge + 8 + s.width, y1: frame.y1)
            case .below:
                let s = plan.legend.size(columns: plan.legendColumns)
                let top = frame.y0 - belowAxis(plan, row: row, column: column) - 8
                let x0 = (frame.x0 + frame.x1 - s.width) / 2
                box = Rect(x0: x0, y0: top - s.height, x1: x0 + s.width, y1: top)
            }
            layout.legends.append(FigureLayout.LegendBox(panel: index, box: box, placement: placement))
            let before = layout.texts.count
            plan.legend.draw(in: box, columns: placement == .below ? plan.legendColumns : 1, renderer: self)
            for i in before..<layout.texts.count { layout.texts[i].panel = index }
        }
    }

    private func drawColorBar(_ heat: HeatMap, frame: Rect, panel: Int) {
        let w = stream.widthPoints, h = stream.heightPoints
        let x0 = frame.x1 + 10, x1 = x0 + Self.colorBarWidth
        let limits = heat.limits
        stream.viewport(x: x0 / w...x1 / w, y: frame.y0 / h...frame.y1 / h)
        stream.window(x: 0...1, y: limits)
        let slices = 96
        let step = (limits.upperBound - limits.lowerBound) / Double(slices)
        for i in 0..<slices {
            let lo = limits.lowerBound + Double(i) * step
            stream.color(heat.colorMap.color(at: (Double(i) + 0.5) / Double(slices)))
            // Overlap the next slice a little so no seam shows between them.
            stream.fill([0, 1, 1, 0], [lo, lo, lo + step * 1.6, lo + step * 1.6].map { min($0, limits.upperBound) })
        }
        let axis = Axis(range: limits, scale: .linear, targetTicks: 5)
        stream.color(.black)
        stream.lineWidth(Self.axisWidth)
        stream.tickLength(major: Self.tickLength, minor: 0)
        stream.box(x: "bc", xStep: 0, xMinor: 0, y: "b", yStep: 0, yMinor: 0)
        stream.box(x: "", xStep: 0, xMinor: 0, y: "cti", yStep: axis.step, yMinor: 0)
        let labels = axis.labels
        let span = limits.upperBound - limits.lowerBound
        for l in labels {
            let y = frame.y0 + (l.position - limits.lowerBound) / span * frame.height
            text(l.text, x: x1 + Self.tickLength + Self.tickGap, baseline: y - Self.capCentre * Self.tickSize,
                 size: Self.tickSize, justification: 0, role: .colorBar, panel: panel)
        }
        if let label = heat.colorBarLabel, !label.isEmpty {
            let width = extents(labels, size: Self.tickSize).map(\.width).max() ?? 0
            let e = PlotText.extent(label, size: Self.labelSize)
            text(label, x: x1 + Self.tickLength + Self.tickGap + width + Self.gap + e.above, baseline: (frame.y0 + frame.y1) / 2,
                 size: Self.labelSize, justification: 0.5, angle: 90, role: .colorBar, panel: panel)
        }
    }
}
