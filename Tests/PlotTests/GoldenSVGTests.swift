import Foundation
import Testing
@testable import Plot

/// Byte-for-byte regression tests on small figures. After a deliberate change
/// to how figures look, look at the new SVGs (rsvg-convert them to PNG) and
/// re-bless them with `LECTERN_BLESS=1 swift test --filter GoldenSVGTests`.
@Suite struct GoldenSVGTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    static let figures: [(String, Figure)] = [
        ("lines-and-band", Figure(xLabel: "x", yLabel: "f(x)", grid: true) {
            Band(over: 0...3, label: "±0.2", lower: { sin($0) - 0.2 }, upper: { sin($0) + 0.2 })
            Line(over: 0...3, points: 31, label: "sin x") { sin($0) }
            Line(over: 0...3, points: 31, label: "cos x", style: .dashed) { cos($0) }
            Annotation("peak", x: 1.57, y: 1.1, alignment: .center)
        }),
        ("histograms-and-errors", Figure(columns: 2, width: 8, height: 3.5) {
            Panel(title: "stacked", xLabel: "m_γγ [GeV]", yLabel: "events") {
                StackedHist([[101, 112, 120, 125, 125, 126, 140], [105, 108, 110, 131, 133]], bins: 5, range: 100...150,
                            labels: ["signal", "background"])
            }
            Panel(title: "points", xLabel: "x", yScale: .log) {
                ErrorBars([1, 2, 3], [10, 100, 1000], yError: [3, 30, 300], marker: .square, label: "data")
                Step([0.5, 1.5, 2.5, 3.5], [5, 50, 500, 5000], position: .mid, label: "model")
            }
        }),
        ("heat-map-and-contours", Figure(width: 5, height: 4) {
            HeatMap(x: -2...2, y: -2...2, resolution: 12, colorBarLabel: "density") { x, y in exp(-(x * x + y * y) / 2) }
            Contour(x: -2...2, y: -2...2, resolution: 30, levels: 3, color: .white) { x, y in exp(-(x * x + y * y) / 2) }
        }),
    ]

    @Test(arguments: figures.map(\.0))
    func figureMatchesItsGoldenSVG(name: String) throws {
        let figure = Self.figures.first { $0.0 == name }!.1
        let svg = try figure.svg()
        let file = Self.directory.appendingPathComponent("\(name).svg")
        if ProcessInfo.processInfo.environment["LECTERN_BLESS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try svg.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(svg == golden, "\(name).svg changed; look at it and re-bless with LECTERN_BLESS=1 if the change is meant")
    }
}
