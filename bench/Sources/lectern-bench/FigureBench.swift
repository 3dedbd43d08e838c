// Plot against matplotlib: the same three figures as bench/figures_matplotlib.py,
// each timed from data to SVG text (best of 20), printed as
// `name<TAB>seconds<TAB>bytes`; then the course's three showcase figures.
import Foundation
import Plot
import Stats

func figureBench(directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func write(_ name: String, _ svg: String) throws {
        try svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
    }

    // What measuring text costs: reading the face's metrics (once per process,
    // before the first figure) and then measuring one label.
    let load = Date()
    _ = Figure.textWidth("0", size: 10)
    let loaded = Date().timeIntervalSince(load)
    let labels = (0..<10_000).map { i in i % 3 == 0 ? "10^{\(i % 7)}" : (i % 3 == 1 ? "\(Double(i) / 8)" : "m_γγ [GeV] \(i)") }
    let start = Date()
    var total = 0.0
    for label in labels { total += Figure.textWidth(label, size: 10) }
    let perLabel = Date().timeIntervalSince(start) / Double(labels.count)
    precondition(total > 0)
    FileHandle.standardError.write(Data("text metrics: DejaVu Sans read in \(String(format: "%.1f", loaded * 1000)) ms (once per process); \(String(format: "%.2f", perLabel * 1e6)) µs per label\n".utf8))

    var g = Xoshiro256(seed: 1)
    let values = Normal().sample(count: 100_000, using: &g)
    var svg = ""
    let histogram = try best(20) {
        svg = try Figure(xLabel: "x", yLabel: "events") { Hist(values, bins: 50, range: -4...4) }.svg()
    }
    try write("bench-histogram", svg)
    print("histogram 50 bins 1e5\t\(histogram)\t\(svg.utf8.count)")

    // A 100×100 heat map: a 2D histogram of 10⁵ correlated normal pairs.
    let u = Normal().sample(count: 100_000, using: &g), w = Normal().sample(count: 100_000, using: &g)
    let y = zip(u, w).map { 0.7 * $0 + (1 - 0.49).squareRoot() * $1 }
    let heat = try best(20) {
        let h = Histogram2D(x: u, y: y, xBins: 100, xRange: -3...3, yBins: 100, yRange: -3...3)
        svg = try Figure(xLabel: "x", yLabel: "y") { HeatMap(h, colorBarLabel: "events") }.svg()
    }
    try write("bench-heatmap", svg)
    print("heat map 100x100\t\(heat)\t\(svg.utf8.count)")

    var walk = [0.0]
    for step in Normal().sample(count: 4999, using: &g) { walk.append(walk[walk.count - 1] + step) }
    let line = try best(20) {
        svg = try Figure(xLabel: "step", yLabel: "position") { Line(walk) }.svg()
    }
    try write("bench-line", svg)
    print("line 5000 points\t\(line)\t\(svg.utf8.count)")

    for (name, figure) in [("crypto-walk", cryptoWalk()), ("box-factory", boxFactory()), ("di-higgs", diHiggs())] {
        var text = ""
        let seconds = try best(5) { text = try figure.svg() }
        try write(name, text)
        print("course: \(name)\t\(seconds)\t\(text.utf8.count)")
    }
}
