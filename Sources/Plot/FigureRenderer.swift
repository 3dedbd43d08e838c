import Foundation

/// Lays out a figure's panels and draws them with PLplot. Works in points
/// (1/72 inch) from the bottom left of the page, as PLplot does.
struct FigureRenderer {
    let figure: Figure
    let stream: PLplotStream

    // The slide style: black axes and text, sizes readable at the page's width.
    static let labelSize = 11.0
    static let tickSize = 10.0
    static let titleSize = 12.0
    static let axisWidth = 0.8
    static let colorBarWidth = 11.0

    func draw() throws {
        let width = stream.widthPoints, height = stream.heightPoints
        var data = try figure.panels.map(PanelData.init)
        shareLimits(&data)

        let titleStrip = figure.title.isEmpty ? 0 : Self.titleSize * 2.2
        let cellWidth = width / Double(figure.columns)
        let cellHeight = (height - titleStrip) / Double(figure.rows)

        // Axes first (their tick labels decide the margins), then margins shared
        // along rows and columns so that panels line up.
        let axes = data.map { d in
            (x: Axis(range: d.xRange, scale: d.panel.xScale, targetTicks: max(3, min(9, Int((cellWidth - 70) / 70)))),
                    y: Axis(range: d.yRange, scale: d.panel.yScale, targetTicks: max(3, min(8, Int((cellHeight - 50) / 45)))))
        }
        var left = [Double](repeating: 0, count: figure.columns), right = left
        var bottom = [Double](repeating: 0, count: figure.rows), top = bottom
        for (index, d) in data.enumerated() {
            let (r, c) = (index / figure.columns, index % figure.columns)
            let m = margins(d, axes: axes[index], row: r, column: c)
            left[c] = max(left[c], m.left)
            right[c] = max(right[c], m.right)
            bottom[r] = max(bottom[r], m.bottom)
            top[r] = max(top[r], m.top)
        }

        if !figure.title.isEmpty {
            stream.viewport(x: 0...1, y: 0...1)
            stream.window(x: 0...width, y: 0...height)
            stream.color(.black)
            stream.fontSize(Self.titleSize * 1.1)
            stream.text(PlotText.plplot(figure.title), x: width / 2, y: height - titleStrip / 2, justification: 0.5)
        }

        for (index, d) in data.enumerated() {
            let (r, c) = (index / figure.columns, index % figure.columns)
            let x0 = Double(c) * cellWidth + left[c], x1 = Double(c + 1) * cellWidth - right[c]
            let y1 = height - titleStrip - Double(r) * cellHeight - top[r]
            let y0 = height - titleStrip - Double(r + 1) * cellHeight + bottom[r]
            guard x1 - x0 > 20, y1 - y0 > 20 else {
                throw FigureError.badSize("the figure is too small for its \(figure.rows) × \(figure.columns) panels and their labels; make it larger")
            }
            let frame = Frame(x: x0...x1, y: y0...y1)
            try drawPanel(d, axes: axes[index], frame: frame, row: r, column: c)
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

    /// Room around a panel, in points, for its tick labels, axis labels, title and colour bar.
    private func margins(_ d: PanelData, axes: (x: Axis, y: Axis), row: Int, column: Int) -> (left: Double, right: Double, bottom: Double, top: Double) {
        let yLabels = showsYTickLabels(column: column) ? tickLabels(axes.y) : []
        let yTickWidth = yLabels.map { PlotText.width($0, size: Self.tickSize) }.max() ?? 0
        var left = 6 + (yLabels.isEmpty ? 4 : 9.5 + yTickWidth)
        if !d.panel.yLabel.isEmpty { left += 4 + Self.labelSize * 1.1 }
        var bottom = 6.0 + (showsXTickLabels(row: row, column: column) ? 9.5 + Self.tickSize : 4)
        if !d.panel.xLabel.isEmpty { bottom += 4 + Self.labelSize * 1.2 }
        let top = 10 + (d.panel.title.isEmpty ? 0 : Self.titleSize * 1.8)
        var right = 14.0
        if let heat = colorBar(of: d.panel) {
            let axis = Axis(range: heat.limits, scale: .linear, targetTicks: 5)
            let width = tickLabels(axis).map { PlotText.width($0, size: Self.tickSize) }.max() ?? 0
            right = 10 + Self.colorBarWidth + 9.5 + width + (heat.colorBarLabel.map { _ in 4 + Self.labelSize * 1.1 } ?? 0) + 6
        }
        return (left, right, bottom, top)
    }

    private func colorBar(of panel: Panel) -> HeatMap? {
        for case .heatMap(let h) in panel.marks where h.showsColorBar { return h }
        return nil
    }

    private func tickLabels(_ axis: Axis) -> [String] {
        if !axis.logLabels.isEmpty { return axis.logLabels.map(\.text) }
        return axis.scale == .log ? axis.ticks.map { "10^{\(Int($0))}" } : axis.ticks.map(axis.label)
    }

    // MARK: A panel

    private func drawPanel(_ d: PanelData, axes: (x: Axis, y: Axis), frame: Frame, row: Int, column: Int) throws {
        let w = stream.widthPoints, h = stream.heightPoints
        var d = d, axes = axes
        // Where every place for the legend covers data, make room above the data.
        if let raised = Legend(data: d).headroom(frame: frame) {
            d.yRange = raised
            axes.y = Axis(range: raised, scale: .linear, targetTicks: max(3, axes.y.ticks.count - 1))
        }
        stream.viewport(x: frame.x.lowerBound / w...frame.x.upperBound / w, y: frame.y.lowerBound / h...frame.y.upperBound / h)
        stream.window(x: d.xRange, y: d.yRange)
        let panel = d.panel

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

        // Axes on top of the data.
        stream.viewport(x: frame.x.lowerBound / w...frame.x.upperBound / w, y: frame.y.lowerBound / h...frame.y.upperBound / h)
        stream.window(x: d.xRange, y: d.yRange)
        stream.color(.black)
        stream.lineWidth(Self.axisWidth)
        stream.dashes([])
        stream.fontSize(Self.tickSize)
        stream.tickLength(major: 4, minor: 2.2)
        let xNumbers = showsXTickLabels(row: row, column: column) ? "n" : ""
        let yNumbers = showsYTickLabels(column: column) ? "n" : ""
        // Ticks outwards on the bottom and left only; the top and right are plain
        // lines. Narrow log axes get their labels below, not PLplot's decades.
        let xOptions = "bsti" + (axes.x.logLabels.isEmpty ? xNumbers : "") + (axes.x.scale == .log ? "l" : "o")
        let yOptions = "bstiv" + (axes.y.logLabels.isEmpty ? yNumbers : "") + (axes.y.scale == .log ? "l" : "o")
        let xAxis = axes.x, yAxis = axes.y
        stream.box(x: xOptions, xStep: axes.x.step, xMinor: axes.x.minorCount,
                   y: yOptions, yStep: axes.y.step, yMinor: axes.y.minorCount,
                   xFormat: { PlotText.plplot(xAxis.label($0)) }, yFormat: { PlotText.plplot(yAxis.label($0)) })
        stream.box(x: "c", xStep: 0, xMinor: 0, y: "c", yStep: 0, yMinor: 0)
        let tickEm = PLplotStream.characterHeight(Self.tickSize)
        if !xNumbers.isEmpty {
            for (position, text) in axes.x.logLabels {
                let at = (position - d.xRange.lowerBound) / (d.xRange.upperBound - d.xRange.lowerBound)
                stream.marginText(PlotText.plplot(text), side: "b", offset: (9.5 + Self.tickSize * 0.45) / tickEm, position: at, justification: 0.5)
            }
        }
        if !yNumbers.isEmpty {
            for (position, text) in axes.y.logLabels {
                let at = (position - d.yRange.lowerBound) / (d.yRange.upperBound - d.yRange.lowerBound)
                stream.marginText(PlotText.plplot(text), side: "lv", offset: 9.5 / tickEm, position: at, justification: 1)
            }
        }

        stream.fontSize(Self.labelSize)
        let yTickWidth = yNumbers.isEmpty ? 0 : (tickLabels(axes.y).map { PlotText.width($0, size: Self.tickSize) }.max() ?? 0)
        // Offsets to the labels' centres: PLplot puts tick labels 9.5 points
        // beyond the axis line.
        let em = PLplotStream.characterHeight(Self.labelSize)
        if !panel.xLabel.isEmpty {
            let centre = xNumbers.isEmpty ? 10 : 9.5 + Self.tickSize + 4 + Self.labelSize * 0.45
            stream.marginText(PlotText.plplot(panel.xLabel), side: "b", offset: centre / em, position: 0.5, justification: 0.5)
        }
        if !panel.yLabel.isEmpty {
            let centre = (yNumbers.isEmpty ? 6 : 9.5 + yTickWidth + 4) + Self.labelSize * 0.45
            stream.marginText(PlotText.plplot(panel.yLabel), side: "l", offset: centre / em, position: 0.5, justification: 0.5)
        }
        if !panel.title.isEmpty {
            stream.fontSize(Self.titleSize)
            stream.marginText(PlotText.plplot(panel.title), side: "t", offset: 0.9, position: 0.5, justification: 0.5)
        }

        if let heat = colorBar(of: panel) {
            drawColorBar(heat, frame: frame)
        }
        if panel.legend != .none {
            let legend = Legend(data: d)
            if !legend.entries.isEmpty {
                legend.draw(on: stream, frame: frame, position: panel.legend)
            }
        }
    }

    private func drawColorBar(_ heat: HeatMap, frame: Frame) {
        let w = stream.widthPoints, h = stream.heightPoints
        let x0 = frame.x.upperBound + 10, x1 = x0 + Self.colorBarWidth
        let limits = heat.limits
        stream.viewport(x: x0 / w...x1 / w, y: frame.y.lowerBound / h...frame.y.upperBound / h)
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
        stream.fontSize(Self.tickSize)
        stream.tickLength(major: 3, minor: 0)
        stream.box(x: "bc", xStep: 0, xMinor: 0, y: "bcmstivo", yStep: axis.step, yMinor: 0,
                   yFormat: { PlotText.plplot(axis.label($0)) })
        if let label = heat.colorBarLabel, !label.isEmpty {
            let width = tickLabels(axis).map { PlotText.width($0, size: Self.tickSize) }.max() ?? 0
            stream.fontSize(Self.labelSize)
            let centre = 9.5 + width + 4 + Self.labelSize * 0.45
            stream.marginText(PlotText.plplot(label), side: "r", offset: centre / PLplotStream.characterHeight(Self.labelSize), position: 0.5, justification: 0.5)
        }
    }
}

/// A panel's plot area on the page, in points from the bottom left.
struct Frame {
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>
    var width: Double { x.upperBound - x.lowerBound }
    var height: Double { y.upperBound - y.lowerBound }
}
