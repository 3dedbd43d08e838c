/// How much of a 1280×720 slide a block takes, estimated at build time from
/// what the parse and the run know (lines, rows, characters, figures), in
/// CSS pixels at the deck's type sizes (`templates/deck.css`: body text
/// 26 px on 35 px lines, code 19 px on 25 px lines, tables 21 px on 33 px
/// rows). The browser test measures the real slides; these numbers are
/// what decides, before any browser, which paragraphs go to the notes and
/// which slide gets a warning.
enum SlideFit {
    /// The slide's inner height: 720 less the deck's padding (2 × 36).
    static let slideHeight = 648.0
    /// A slide title (h2) with its margin.
    static let title = 78.0
    static let subheading = 52.0
    static let textLine = 37.0
    /// Characters of body text on one line (1152 px wide at 26 px).
    static let lineCharacters = 82.0
    static let codeLine = 25.0
    static let tableRow = 33.0
    static let blockGap = 16.0
    /// The least height a figure is scaled down to (its text stays legible).
    static let figureFloor = 230.0
    static let calloutChrome = 56.0
    /// A line of display math, plain and with fractions, sums or integrals.
    static let displayMath = 56.0
    static let tallFormulaLine = 96.0
    /// Characters of a figure's caption on one line (19 px text).
    static let captionCharacters = 110.0

    /// The height a body may take.
    static func bodyHeight(titled: Bool) -> Double { slideHeight - (titled ? title : 0) }

    static func total(_ items: [Deck.Item]) -> Double { items.reduce(0) { $0 + $1.height } }

    /// Lines of `characters` characters of body text.
    static func lines(_ characters: Int, perLine: Double = lineCharacters) -> Double {
        max(1, (Double(characters) / perLine).rounded(.up))
    }

    /// Whether a block is prose a deck may move to its notes: a paragraph,
    /// or a list of paragraphs (items of more than about a line and a half).
    static func readsAsProse(_ shape: Block.Shape, characters: Int) -> Bool {
        switch shape {
        case .paragraph: true
        case .list(let items): items > 0 && Double(characters) / Double(items) > 1.4 * lineCharacters
        default: false
        }
    }

    /// A prose block.
    static func height(of shape: Block.Shape, characters: Int) -> Double {
        switch shape {
        case .paragraph: lines(characters) * textLine + blockGap
        case .visual: figureFloor
        case .formula(let lines, let tall): Double(lines) * (tall ? tallFormulaLine : displayMath) + blockGap
        // Each item wraps on its own: about half a line more than its words.
        case .list(let items): max(Double(items), (Double(items) * 0.5 + Double(characters) / (lineCharacters - 4)).rounded(.up)) * textLine + blockGap
        case .table(let rows): Double(rows) * tableRow + blockGap
        case .code(let lines): Double(lines) * codeLine + 24 + blockGap
        case .other: lines(characters) * textLine + 2 * blockGap
        }
    }

    /// A cell as the deck shows it, cut into parts: its code (when
    /// echoed) with the outputs up to its first figure or table, then each
    /// figure or table with the text after it; a failure goes with the last.
    static func parts(of cell: Cell, result: CellResult?, echo: Bool) -> [(outputs: Range<Int>?, height: Double)] {
        var code = 0.0
        let unexpected = result?.failure.map { !$0.expected } ?? false
        if echo || unexpected {
            code = Double(SourceText.lineCount(cell.displayCode)) * codeLine + 24 + blockGap
        }
        let failure = result?.failure.map { $0.kind != .notRun || !$0.expected } == true ? 120.0 : 0
        guard let result, cell.settings.output || unexpected, !result.outputs.isEmpty else { return [(nil, code + failure)] }
        var parts: [(start: Int, height: Double)] = [(0, code)]
        for (k, output) in result.outputs.enumerated() {
            var big = false
            let height: Double
            switch output {
            case .stdout(let text), .stderr(let text), .display(.text(let text)):
                height = Double(SourceText.lineCount(Page.trimmed(text))) * codeLine + 24 + blockGap
            case .display(.table(let table)):
                height = Double(table.rows.count + 1) * tableRow + 30 + blockGap
                big = true
            case .display(.figure):
                let caption = Double(cell.options.figCap?.count ?? 0) + 10
                height = figureFloor + lines(Int(caption), perLine: captionCharacters) * 25 + blockGap
                big = true
            case .truncated:
                height = textLine
            case .inline:
                continue
            }
            // A figure or table starts a part, unless the part so far holds no figure or table.
            if big, k > 0, parts.count > 1 || result.outputs[..<k].contains(where: Self.isBig) {
                parts.append((k, 0))
            }
            parts[parts.count - 1].height += height
        }
        parts[parts.count - 1].height += failure
        return parts.indices.map { n in
            let end = n + 1 < parts.count ? parts[n + 1].start : result.outputs.count
            return (parts.count == 1 ? nil : parts[n].start..<end, parts[n].height)
        }
    }

    private static func isBig(_ output: CellOutput) -> Bool {
        switch output {
        case .display(.table), .display(.figure): true
        default: false
        }
    }
}
