/// What a lecture's page numbers and names, and how references find it:
/// figures and tables (numbered in order of appearance, each kind on its
/// own), labelled display equations (numbered as they are parsed),
/// exercises (`::: {#exr-… .exercise}`, numbered in order) and sections
/// (headings, by id). `@fig-a`, `@tbl-a`, `@eq-a` and `@sec-a` in
/// prose, and a link with no text (`[](02-next.md#fig-a)`), show the name of
/// what they point at; one that points at nothing is an error at its line.
struct References {
    /// Figure number of each label.
    private(set) var figures: [String: Int] = [:]
    /// Table number of each `tbl-` label.
    private(set) var tables: [String: Int] = [:]
    /// The figure numbers of each cell's figures, in order.
    private(set) var cellFigures: [Int: [Int]] = [:]
    /// The table numbers of each cell's tables, in order (nil: a table with no caption, not numbered).
    private(set) var cellTables: [Int: [Int?]] = [:]
    /// The number of each captioned Markdown table (`Lecture.proseTables`).
    private(set) var proseTables: [Int: Int] = [:]
    /// The number of each image figure (`Lecture.imageFigures`).
    private(set) var imageFigures: [Int: Int] = [:]
    /// What a sub-figure's label names ("Figure 3b").
    private(set) var subfigures: [String: String] = [:]
    private(set) var equations: [String: Int] = [:]
    /// Exercise number of each `exr-` label (`::: {#exr-… .exercise}`).
    private(set) var exercises: [String: Int] = [:]
    /// Heading text by id.
    private(set) var sections: [String: String] = [:]
    /// Every id on the page a link may point at.
    private(set) var anchors: Set<String> = []
    /// Whether figures and tables are known (the lecture ran).
    let hasResults: Bool
    /// References to labels that nothing on the page has, and labels given twice.
    private(set) var errors: [LecternError] = []

    init(lecture: Lecture, result: LectureResult?) {
        hasResults = result != nil && !(result?.failed ?? true)
        var figureCount = 0
        var tableCount = 0
        // Figures and tables are numbered in the order the page shows them: cells
        // and captioned Markdown tables as they come, those nested in lists too.
        var seenCells = Set<Int>()
        func visitCell(_ index: Int) {
            guard let cell = lecture.cells[safe: index], seenCells.insert(index).inserted else { return }
            var tableIndex = 0
            for display in result?.cells[safe: cell.index]?.displays ?? [] {
                switch display {
                case .figure:
                    figureCount += 1
                    cellFigures[cell.index, default: []].append(figureCount)
                case .table(let table):
                    // Numbered when it has a caption (tbl-cap, or one the code gave) or is the labelled table.
                    let labelled = tableIndex == 0 && cell.options.label?.hasPrefix("tbl-") == true
                    if cell.options.tblCap != nil || table.caption != nil || labelled {
                        tableCount += 1
                        cellTables[cell.index, default: []].append(tableCount)
                    } else {
                        cellTables[cell.index, default: []].append(nil)
                    }
                    tableIndex += 1
                case .text: break
                }
            }
            guard let label = cell.options.label else { return }
            anchors.insert("cell-" + label)
            if label.hasPrefix("tbl-") {
                if let first = cellTables[cell.index]?.first ?? nil { tables[label] = first; anchors.insert(label) }
            } else if let first = cellFigures[cell.index]?.first {
                figures[label] = first
                anchors.insert(label)
            }
        }
        let m = lecture.marker
        func visitFigure(_ n: Int) {
            guard let figure = lecture.imageFigures[safe: n], imageFigures[n] == nil else { return }
            figureCount += 1
            imageFigures[n] = figureCount
            if let label = figure.label { figures[label] = figureCount; anchors.insert(label) }
            for (k, sub) in figure.subfigures.enumerated() {
                subfigures[sub] = "Figure\u{A0}\(figureCount)\(String(UnicodeScalar(UInt8(97 + min(k, 25)))))"
                anchors.insert(sub)
            }
        }
        for block in lecture.blocks {
            switch block {
            case .cell(let i): visitCell(i)
            case .divOpen(let i):
                if let div = lecture.divs[safe: i], div.isLayoutFigure, let n = div.number { visitFigure(n) }
            case .prose(let html, _, _, _):
                guard Splice.contains("<!--\(m):", in: html) else { continue }
                var rest = Substring(html)
                while let open = rest.range(of: "<!--\(m):") {
                    let after = rest[open.upperBound...]
                    guard let close = after.range(of: "-->") else { break }
                    let body = after[..<close.lowerBound]
                    if body.hasPrefix("cell:"), let i = Int(body.dropFirst(5)) { visitCell(i) }
                    if body.hasPrefix("figure:"), let n = Int(body.dropFirst(7)) { visitFigure(n) }
                    if body.hasPrefix("table:"), let n = Int(body.dropFirst(6)), let table = lecture.proseTables[safe: n] {
                        tableCount += 1
                        proseTables[n] = tableCount
                        if let label = table.label { tables[label] = tableCount; anchors.insert(label) }
                    }
                    rest = after[close.upperBound...]
                }
            default: continue
            }
        }
        for cell in lecture.cells { visitCell(cell.index) }
        for equation in lecture.equations {
            equations[equation.label] = equation.number
            anchors.insert(equation.label)
        }
        for div in lecture.divs {
            guard let id = div.id else { continue }
            anchors.insert(id)
            if div.classes.contains("exercise"), let number = div.number { exercises[id] = number }
        }
        for heading in lecture.headings {
            sections[heading.id] = sections[heading.id] ?? (heading.number.map { "Section\u{A0}\($0)" } ?? heading.text)
            anchors.insert(heading.id)
        }
        errors = lecture.duplicateLabels
        for (label, line) in lecture.references where name(of: label) == nil {
            let kind = label.prefix(while: { $0 != "-" })
            // A lecture that failed has lost figures and tables; its failure is the error to fix first.
            if (kind == "fig" || kind == "tbl") && !hasResults { continue }
            errors.append(LecternError(file: lecture.path, line: line, "@\(label) refers to nothing on this page; " + advice(kind: String(kind))))
        }
    }

    /// What a reference to `label` shows ("Figure 3", "Table 1", "Equation 2",
    /// a section's title), or nil when the page has no such thing.
    func name(of label: String) -> String? {
        if let n = figures[label] { return "Figure\u{A0}\(n)" }
        if let name = subfigures[label] { return name }
        if let n = tables[label] { return "Table\u{A0}\(n)" }
        if let n = equations[label] { return "Equation\u{A0}\(n)" }
        if let n = exercises[label] { return "Exercise\u{A0}\(n)" }
        if let title = sections[label] { return title }
        return nil
    }

    private func advice(kind: String) -> String {
        func known(_ labels: some Collection<String>) -> String {
            labels.isEmpty ? "" : " (here: \(labels.sorted().joined(separator: ", ")))"
        }
        switch kind {
        case "fig": return "give the cell that shows it '//| label: fig-…' (or the image ![…](…){#fig-…})" + known(figures.keys)
        case "tbl": return "give the cell that shows the table '//| label: tbl-…'" + known(tables.keys)
        case "eq": return "label the display equation: $$ … $$ {#eq-…}" + known(equations.keys)
        case "exr": return "label the exercise: ::: {#exr-… .exercise}" + known(exercises.keys)
        default: return "give the heading an id: ## Title {#sec-…}" + known(sections.keys.filter { $0.hasPrefix("sec-") })
        }
    }
}
