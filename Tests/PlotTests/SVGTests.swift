import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Stats
import Testing
@testable import Plot

/// The SVG a person's browser gets: parsed as XML, with the labels, sizes and
/// colours they would see.
@Suite struct SVGTests {
    @Test func documentIsSizedForTheWeb() throws {
        let svg = try Figure { Line([0, 1], [0, 1]) }.svg(width: 7, height: 4.5)
        let doc = try SVGDocument(svg)
        #expect(doc.root["viewBox"] == "0 0 504 324")
        #expect(doc.root["width"] == "672" && doc.root["height"] == "432")
        #expect(doc.count("polyline") == 0 && doc.count("clipPath") == 0)
        #expect(doc.count("svg") == 1)
    }

    @Test func labelsTicksAndTitlesAreText() throws {
        let svg = try Figure(title: "Box factory", xLabel: "p", yLabel: "density") {
            Line(over: -1...1) { $0 * $0 }
        }.svg()
        let texts = try SVGDocument(svg).texts
        for expected in ["Box factory", "p", "density", "−1.0", "0.0", "1.0"] {
            #expect(texts.contains(expected), "missing text \(expected) in \(texts)")
        }
    }

    @Test func subscriptsAndUnicodeSurvive() throws {
        let svg = try Figure(xLabel: "m_γγ [GeV]", yLabel: "μ σ θ → ²") { Line([1, 2]) }.svg()
        let texts = try SVGDocument(svg).texts
        #expect(texts.contains("mγγ [GeV]"))
        #expect(texts.contains("μ σ θ → ²"))
        #expect(svg.contains("xml:space=\"preserve\""))
    }

    @Test func everyPanelOfAGridIsDrawn() throws {
        let figure = Figure(rows: 2, columns: 2) {
            for k in 1...4 { Panel(title: "panel \(k)") { Line([0, Double(k)]) } }
        }
        let texts = try SVGDocument(try figure.svg()).texts
        for k in 1...4 { #expect(texts.contains("panel \(k)")) }
    }

    @Test func sharedAxesDropInnerTickLabels() throws {
        let figure = Figure(rows: 2, sharedX: true) {
            Panel(yLabel: "top") { Line([0, 1], [0, 1]) }
            Panel(xLabel: "bottom") { Line([0, 3], [0, 1]) }
        }
        let texts = try SVGDocument(try figure.svg()).texts
        // The x tick labels (0.0 … 3.0) once, on the bottom panel only.
        #expect(texts.filter { $0 == "3.0" }.count == 1)
    }

    @Test func axesAndTextAreInkInCurrentColorNeverRed() throws {
        let svg = try Figure(xLabel: "x", yLabel: "y") { Hist([1, 2, 3], bins: 3, color: .vermillion) }.svg()
        #expect(!svg.lowercased().contains("#f00"))
        #expect(!svg.lowercased().contains("#ff0000"))
        let doc = try SVGDocument(svg)
        // Axes and ticks follow the page's text colour; the data keeps its own.
        #expect(doc.elements("path").contains { $0["stroke"] == "currentColor" })
        #expect(!svg.contains("\"#000\""))
        #expect(doc.elements("svg").first?["fill"] == "currentColor", "text inherits currentColor")
        #expect(doc.elements("text").allSatisfy { $0["fill"] == nil })
        #expect(doc.elements("path").contains { $0["stroke"] == "#d55e00" })
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    static func contrast(_ a: Color, _ b: Color) -> Double {
        func luminance(_ c: Color) -> Double {
            func channel(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue)
        }
        let (l1, l2) = (luminance(a), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    @Test func thePaletteKeepsItsContrastOnTheDarkTheme() {
        // The site's dark background (--bg in templates/style.css); black is ink and turns light there.
        let dark = Color(hex: 0x16181b)
        for color in Color.palette where color != .black {
            #expect(Self.contrast(color, dark) >= 3, "\(color.hex) on the dark theme: \(Self.contrast(color, dark))")
        }
    }

    @Test func whatACellPrintsCannotBecomeMarkup() throws {
        let evil = "<script>alert(1)</script> & \"quotes\""
        let svg = try Figure(title: evil, xLabel: evil) { Line([1, 2], label: evil) }.svg()
        let doc = try SVGDocument(svg)
        #expect(doc.count("script") == 0)
        #expect(doc.texts.contains(evil))
        #expect(!svg.contains("<script"))
    }

    @Test func translucentMarkersStaySeparateSoCrowdsDarken() throws {
        let x = (0..<50).map(Double.init)
        let svg = try Figure { Scatter(x, x, alpha: 0.5) }.svg()
        let doc = try SVGDocument(svg)
        let group = doc.elements("g").first { $0["stroke-opacity"] == ".5" }
        #expect(group != nil)
        #expect(doc.elements("path").filter { $0["d"]?.hasSuffix("h0") == true }.count == 50)
    }

    @Test func opaqueShapesOfOneStyleShareAPath() throws {
        let svg = try Figure { Bars([1, 2, 3, 4], [1, 2, 3, 4], alpha: 1) }.svg()
        let doc = try SVGDocument(svg)
        let bars = doc.elements("path").filter { $0["fill"] == Color.blue.hex }
        #expect(bars.count == 1)
        #expect(bars[0]["d"]?.filter { $0 == "z" }.count == 4)
    }

    @Test func largeFiguresStaySmall() throws {
        var g = Xoshiro256(seed: 3)
        let values = Normal().sample(count: 100_000, using: &g)
        let histogram = try Figure { Hist(values, bins: 50) }.svg()
        #expect(histogram.utf8.count < 50_000)
        let u = Normal().sample(count: 100_000, using: &g), v = Normal().sample(count: 100_000, using: &g)
        let h = Histogram2D(x: u, y: v, xBins: 100, xRange: -3...3, yBins: 100, yRange: -3...3)
        let heat = try Figure { HeatMap(h) }.svg()
        #expect(heat.utf8.count < 300_000)
        #expect(try SVGDocument(heat).texts.contains("events"))
    }

    @Test func legendAvoidsTheData() throws {
        // Data fills the upper right: the legend goes elsewhere.
        let x = (0..<200).map { 0.5 + Double($0) / 400 }
        let frame = Rect(x0: 0, y0: 0, x1: 400, y1: 300)
        let data = try PanelData(Panel {
            Scatter(x, x.reversed(), label: "cloud")
            Scatter([0, 1], [0, 1])
        })
        let position = Legend(data: data).freePosition(frame: frame, shapes: MarkShapes(data: data, frame: frame), obstacles: [])
        #expect(position != nil && position != .upperRight)
        // A line along the top and one point at the lower left: lower right is free.
        let crowded = try PanelData(Panel { Line([0, 1], [1, 0.95], label: "high"); Scatter([0], [0]) })
        #expect(Legend(data: crowded).freePosition(frame: frame, shapes: MarkShapes(data: crowded, frame: frame), obstacles: []) == .lowerRight)
    }

    @Test func aLegendWithNowhereToGoGoesOutsideWithoutStretchingTheData() throws {
        // A peak across the middle and a level line near the top: every place inside covers data.
        let figure = Figure(width: 5, height: 3) {
            Line(over: -3...3, label: "a rather long legend label") { exp(-$0 * $0 / 0.1) }
            Line([-3, 3], [0.9, 0.9], label: "level")
            Line([-3, 3], [0.1, 0.1], label: "floor")
        }
        let layout = try figure.render().layout
        let legend = try #require(layout.legends.first)
        #expect(legend.placement == .right || legend.placement == .below)
        #expect(!legend.box.overlaps(layout.frames[0]))
        // The y range stays the data's: ticks end near the peak, not far above it.
        let ticks = layout.texts.filter { $0.role == .tick && $0.box.x1 < layout.frames[0].x0 }.map(\.text)
        #expect(ticks.last == "1.0")
    }

    @Test func badFiguresAreErrorsNotCrashes() {
        #expect(throws: FigureError.self) { try Figure(width: 0.1) { Line([1, 2]) }.svg() }
        #expect(throws: FigureError.self) { try Figure(rows: 1, columns: 1, panels: [Panel(), Panel()]).svg() }
        #expect(throws: FigureError.self) { try Figure(xLimits: 0...1, xScale: .log) { Line([1, 2]) }.svg() }
    }

    @Test func aMissingDriverIsReportedBeforePLplotRuns() {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-plplot-drivers").path
        let problem = PLplotStream.driverProblem(in: empty)
        #expect(problem?.contains("libplplot17") == true)
        #expect(problem?.contains("PLPLOT_DRV_DIR") == true)
    }

    @Test func parallelRendersMatchSerialOnes() throws {
        let figures = (0..<6).map { k in
            Figure(title: "figure \(k)") { Line(over: 0...1) { pow($0, Double(k)) }; Hist((0..<500).map { Double($0 % 37) }, bins: 10) }
        }
        let serial = try figures.map { try $0.svg() }
        let results = ResultBox(count: figures.count)
        DispatchQueue.concurrentPerform(iterations: figures.count * 3) { i in
            results.set(i % figures.count, try? figures[i % figures.count].svg())
        }
        #expect(results.values == serial)
    }
}

/// Results written from several threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: String?) { lock.lock(); storage[i] = value; lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return storage.map { $0 ?? "" } }
}

/// An SVG parsed into elements and text, as a browser would read it.
struct SVGDocument {
    struct Element {
        var name: String
        var attributes: [String: String]
        subscript(key: String) -> String? { attributes[key] }
    }

    private(set) var all: [Element] = []
    /// The text content of each <text> element, sub- and superscripts joined.
    private(set) var texts: [String] = []

    init(_ svg: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw FigureError.rendering("SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        all = delegate.elements
        texts = delegate.texts
    }

    var root: Element { all[0] }
    func elements(_ name: String) -> [Element] { all.filter { $0.name == name } }
    func count(_ name: String) -> Int { elements(name).count }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var texts: [String] = []
        private var textDepth = 0
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(Element(name: name, attributes: attributes))
            if name == "text" { textDepth += 1; current = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if textDepth > 0 { current += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" {
                textDepth -= 1
                texts.append(current)
            }
        }
    }
}
