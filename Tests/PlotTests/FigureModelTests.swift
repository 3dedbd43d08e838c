import Foundation
import Stats
import Testing
@testable import Plot

/// What `Figure` and `Panel` calls produce: marks, colours, limits, ticks and text.
@Suite struct FigureModelTests {
    @Test func builderCollectsMarksInOrder() {
        let figure = Figure(xLabel: "x", yLabel: "y") {
            Line([0, 1, 2], [1, 2, 3], label: "a")
            Scatter([0, 1], [1, 0])
            for k in 0..<3 { HLine(Double(k)) }
            if Bool.random() || true { VLine(0.5) }
        }
        #expect(figure.panels.count == 1)
        #expect(figure.rows == 1 && figure.columns == 1)
        let marks = figure.panels[0].marks
        #expect(marks.count == 6)
        guard case .line(let line) = marks[0] else { Issue.record("first mark is not a line"); return }
        #expect(line.y == [1, 2, 3] && line.label == "a")
        guard case .reference(let r) = marks[4], case .horizontal(let y) = r.orientation else { Issue.record("no HLine"); return }
        #expect(y == 2)
    }

    @Test func gridShapeFollowsPanels() {
        let four = Figure(columns: 2) { for _ in 0..<4 { Panel { Line([1, 2]) } } }
        #expect(four.rows == 2 && four.columns == 2)
        let row = Figure { Panel {}; Panel {}; Panel {} }
        #expect(row.rows == 1 && row.columns == 3)
        let column = Figure(rows: 3) { Panel {}; Panel {}; Panel {} }
        #expect(column.rows == 3 && column.columns == 1)
    }

    @Test func functionLinesSampleTheirRange() {
        let line = Line(over: 0...1, points: 11) { $0 * $0 }
        #expect(line.x.count == 11)
        #expect(line.x.first == 0 && line.x.last == 1)
        #expect(abs(line.y[5] - 0.25) < 1e-15)
    }

    @Test func coloursComeFromThePaletteInTurn() throws {
        let panel = Panel {
            Line([1, 2])
            Line([1, 2], color: .black)
            Line([1, 2])
            StackedHist([[1, 2], [2, 3]], bins: 2, labels: ["a", "b"])
        }
        let data = try PanelData(panel)
        #expect(data.colors[0] == [.blue])
        #expect(data.colors[1] == [.black])
        #expect(data.colors[2] == [.vermillion])
        #expect(data.colors[3] == [.green, .orange])
    }

    @Test func histogramsStandOnZeroAndSpanTheirBins() throws {
        let data = try PanelData(Panel { Hist([1, 2, 2, 3], bins: 4, range: 0...4) })
        #expect(data.xRange == 0...4)
        #expect(data.yRange.lowerBound == 0)
        #expect(data.yRange.upperBound == 2 * 1.05)
    }

    @Test func linesGetAMarginAndLogAxesWorkInDecades() throws {
        let data = try PanelData(Panel(yScale: .log) { Line([0, 10], [1, 1000]) })
        #expect(abs(data.xRange.lowerBound + 0.3) < 1e-12 && abs(data.xRange.upperBound - 10.3) < 1e-12)
        #expect(abs(data.yRange.lowerBound - (0 - 0.15)) < 1e-12 && abs(data.yRange.upperBound - 3.15) < 1e-12)
    }

    @Test func badLimitsAreErrors() {
        #expect(throws: FigureError.self) { try PanelData(Panel(xLimits: 1...1) { Line([1, 2]) }) }
        #expect(throws: FigureError.self) { try PanelData(Panel(yLimits: 0...10, yScale: .log) { Line([1, 2]) }) }
    }

    @Test func stepVerticesHoldEachLevel() {
        let post = Step([0, 1, 2], [5, 6, 7]).vertices
        #expect(post.x == [0, 1, 1, 2, 2] && post.y == [5, 5, 6, 6, 7])
        let mid = Step([0, 2], [1, 3], position: .mid).vertices
        #expect(mid.x == [0, 1, 1, 2] && mid.y == [1, 1, 3, 3])
    }

    @Test func stackedHistogramsAccumulate() {
        let stack = StackedHist([[0.5, 1.5], [1.5, 1.5]], bins: 2, range: 0...2)
        #expect(stack.cumulativeHeights == [[1, 1], [1, 3]])
        let density = StackedHist([[0.5, 1.5], [1.5, 1.5]], bins: 2, range: 0...2, density: true)
        let top = density.cumulativeHeights[1]
        #expect(abs(top.reduce(0, +) * 1 - 1) < 1e-12)
    }

    @Test func ticksAreRoundNumbers() {
        #expect(Axis.niceStep(range: 0...1, maxTicks: 6) == 0.2)
        #expect(Axis.niceStep(range: 0...50, maxTicks: 6) == 10)
        #expect(Axis.niceStep(range: 44_000...68_000, maxTicks: 5) == 5000)
        #expect(Axis.niceStep(range: 0...10, maxTicks: 5) == 2.5)
        // Between round numbers: 1, 2, 3 rather than a lone 2.
        #expect(Axis.niceStep(range: 0.38...3.62, maxTicks: 4) == 1)
        let axis = Axis(range: -0.03...1.03, scale: .linear, targetTicks: 5)
        #expect(axis.ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(axis.ticks[0].sign == .plus)
    }

    @Test func tickLabelsUseATrueMinusAndNoSpareDecimals() {
        #expect(Axis.format(-1, step: 0.5) == "−1.0")
        #expect(Axis.format(0.25, step: 0.25) == "0.25")
        #expect(Axis.format(50000, step: 5000) == "50000")
        #expect(Axis.format(2.5, step: 2.5) == "2.5")
        #expect(Axis.format(1e-17, step: 0.1) == "0.0")
        #expect(Axis.format(2_000_000, step: 1_000_000) == "2×10^{6}")
        #expect(Axis.format(20_000, step: 10_000) == "20000")
        #expect(Axis.format(0.0001, step: 0.0001) == "10^{−4}")
    }

    @Test func narrowLogAxesAreLabelledBetweenDecades() {
        let narrow = Axis(range: log10(0.17)...log10(4.5), scale: .log, targetTicks: 5)
        #expect(narrow.labels.map(\.text) == ["0.2", "0.5", "1", "2"])
        let tiny = Axis(range: log10(1.5)...log10(8), scale: .log, targetTicks: 5)
        #expect(tiny.labels.map(\.text) == ["2", "3", "5"])
        let wide = Axis(range: 0...4, scale: .log, targetTicks: 5)
        #expect(wide.labels.map(\.text) == ["10^{0}", "10^{1}", "10^{2}", "10^{3}", "10^{4}"])
    }

    @Test func everyLogAxisHasTwoLabelledTicks() {
        // Under a decade around 1 (lecture 03's ratio): 1, 2, 3, 5 give only "1".
        let ratio = Axis(range: log10(0.8)...log10(1.25), scale: .log, targetTicks: 5)
        #expect(ratio.labels.count >= 2)
        #expect(ratio.labels.map(\.text) == ["0.8", "0.9", "1.0", "1.1", "1.2"])
        for lo in stride(from: -3.0, through: 3.0, by: 0.37) {
            for span in [0.05, 0.2, 0.6, 1.3, 2.5, 6] {
                let axis = Axis(range: lo...(lo + span), scale: .log, targetTicks: 5)
                #expect(axis.labels.count >= 2, "log axis \(lo)…\(lo + span)")
                #expect(axis.labels.allSatisfy { axis.range.contains($0.position) })
            }
        }
    }

    @Test func anAxisUsesOneNotation() {
        // Lecture 01's colour bar had 0.0000, 5×10⁻⁴ and 0.0015 in one scale.
        let bar = Axis(range: 0...0.0016, scale: .linear, targetTicks: 5)
        #expect(bar.labels.map(\.text) == ["0.0000", "0.0005", "0.0010", "0.0015"])
        let small = Axis(range: 0...0.00045, scale: .linear, targetTicks: 5)
        #expect(small.labels.allSatisfy { $0.text == "0" || $0.text.contains("10^{−4}") }, "\(small.labels.map(\.text))")
        let large = Axis(range: 0...450_000, scale: .linear, targetTicks: 5)
        #expect(large.labels.allSatisfy { $0.text == "0" || $0.text.contains("10^{5}") }, "\(large.labels.map(\.text))")
        let log = Axis(range: log10(0.0004)...log10(0.03), scale: .log, targetTicks: 5)
        #expect(log.labels.map(\.text) == ["0.0005", "0.001", "0.002", "0.005", "0.01", "0.02"])
        let tinyLog = Axis(range: log10(0.00001)...log10(0.0005), scale: .log, targetTicks: 5)
        #expect(tinyLog.labels.allSatisfy { $0.text.contains("10^") }, "\(tinyLog.labels.map(\.text))")
    }

    @Test func labelsReadNaturally() {
        #expect(PlotText.plplot("m_γγ [GeV]") == "m#dγγ#u [GeV]")
        #expect(PlotText.plplot("x^2 + y_{max}") == "x#u2#d + y#dmax#u")
        #expect(PlotText.plplot("10^{-3}") == "10#u-3#d")
        #expect(PlotText.plplot("a\\_b #1") == "a_b ##1")
        #expect(PlotText.plplot("μ, σ, θ → ²") == "μ, σ, θ → ²")
        #expect(PlotText.plain("m_{bb} [GeV]") == "mbb [GeV]")
    }

    @Test func colourMapsInterpolateBetweenStops() {
        let map = ColorMap(stops: [.black, .white])
        #expect(map.color(at: 0) == .black && map.color(at: 1) == .white)
        #expect(map.color(at: 0.5) == Color(red: 128, green: 128, blue: 128))
        #expect(map.color(at: 7) == .white && map.color(at: .nan) == .black)
        #expect(ColorMap.viridis.color(at: 0).hex == "#440154")
    }

    @Test func anAspectOfOneDrawsSquarePixels() throws {
        let edges = (0...6).map(Double.init)
        func image(_ aspect: Double?) -> Panel {
            Panel(title: "an image", aspect: aspect) {
                HeatMap(values: (0..<36).map { Double($0) / 35 }, xEdges: edges, yEdges: edges, valueLimits: 0...1)
            }
        }
        // Wide figure: the height binds; tall figure: the width binds.
        for (width, height) in [(7.0, 2.5), (3.0, 6.0)] {
            let square = try Figure(width: width, height: height, panels: [image(1), image(nil)]).render().layout
            let a = square.frames[0], free = square.frames[1]
            #expect(abs(a.width - a.height) < 0.01, "\(width)×\(height): a \(a.width) × \(a.height) frame")
            #expect(max(free.width, free.height) > max(a.width, a.height) - 0.01)
            #expect(abs((a.x0 + a.x1) / 2 - (free.x0 + free.x1) / 2) > 1, "the frame keeps to its own cell")
        }
        // y drawn twice as long as x on a 6-wide, 3-tall range: a square frame again.
        let stretched = try Figure(width: 6, height: 4, xLabel: "x", yLabel: "y", xLimits: 0...6, yLimits: 0...3, aspect: 2) {
            Line([0, 6], [0, 3])
        }.render().layout.frames[0]
        #expect(abs(stretched.width - stretched.height) < 0.01)
        // A log axis counts decades: three of them against 0…3 is square too.
        let decades = try Figure(width: 6, height: 4, xLabel: "x", yLabel: "y", xLimits: 1...1000, yLimits: 0...3,
                                 xScale: .log, aspect: 1) {
            Line([1, 1000], [0, 3])
        }.render().layout.frames[0]
        #expect(abs(decades.width - decades.height) < 0.01, "\(decades.width) × \(decades.height)")
    }
}

/// The colour names a matplotlib user types.
@Suite struct ColorNameTests {
    @Test func namesMapOntoThePalette() {
        #expect(Color.red == .vermillion && Color("red") == .vermillion && Color("r") == .vermillion)
        #expect(Color("tab:blue") == .blue && Color("Tab:Orange") == .orange && Color("tab:gray") == .gray)
        #expect(Color("cyan") == .skyBlue && Color("k") == .black && Color("grey") == .gray)
        #expect(Color("#1f77b4") == Color(hex: 0x1f77b4) && Color("#f80") == Color(hex: 0xff8800))
        let palette: Set<Color> = Set(Color.palette + [.gray, .white, .lightGray])
        #expect(Color.named.values.allSatisfy { palette.contains($0) }, "a name outside the palette")
    }

    @Test func anUnknownNameSaysWhatItKnows() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Color("tab:bleu")
        }.map { result in
            let said = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(said.contains("Color(\"tab:bleu\") is not a colour Lectern knows — did you mean \"tab:blue\"?"), "\(said)")
        }
    }
}
