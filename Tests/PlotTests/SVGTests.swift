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

    @Test func axesAndTextAreBlackNeverRed() throws {
        let svg = try Figure(xLabel: "x", yLabel: "y") { Hist([1, 2, 3], bins: 3) }.svg()
        #expect(!svg.lowercased().contains("#f00"))
        #expect(!svg.lowercased().contains("#ff0000"))
        let doc = try SVGDocument(svg)
        #expect(doc.elements("path").contains { $0["stroke"] == "#000" })
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
        let panel = Panel {
            Scatter(x, x.reversed(), label: "cloud")
            Scatter([0, 1], [0, 1])
        }
        let data = try PanelData(panel)
        let legend = Legend(data: data)
        let position = legend.bestPosition(frame: Frame(x: 0...400, y: 0...300))
        #expect(position != .upperRight)
        // A line along the top and one point at the lower left: lower right is free.
        let crowded = try PanelData(Panel { Line([0, 1], [1, 0.95], label: "high"); Scatter([0], [0]) })
        #expect(Legend(data: crowded).bestPosition(frame: Frame(x: 0...400, y: 0...300)) == .lowerRight)
    }

    @Test func aLegendWithNowhereToGoGetsRoomAboveTheData() throws {
        // A peak across the middle of a narrow panel: every corner covers data.
        let peaked = try PanelData(Panel {
            Line(over: -3...3, label: "a rather long legend label") { exp(-$0 * $0 / 0.1) }
            Line([-3, 3], [0.9, 0.9], label: "level")
        })
        let frame = Frame(x: 0...150, y: 0...150)
        let legend = Legend(data: peaked)
        let raised = try #require(legend.headroom(frame: frame))
        #expect(raised.upperBound > peaked.yRange.upperBound)
        var moved = peaked
        moved.yRange = raised
        #expect(Legend(data: moved).best(frame: frame).covered == 0)
        // With room to spare, the limits stay the data's.
        let roomy = try PanelData(Panel { Line([0, 1], [0, 0.2], label: "low") })
        #expect(Legend(data: roomy).headroom(frame: Frame(x: 0...400, y: 0...300)) == nil)
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
