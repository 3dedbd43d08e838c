import Foundation

/// A lecture with everything its formats share settled once: references
/// numbered and named, links pointed at their targets (and the files they
/// name listed to copy), formulas typeset, inline values filled in and
/// figure captions made. The page, the deck and the handout are each one
/// arrangement of these blocks (`Page`, `Deck`, `Handout`); `check` reads
/// its errors without writing anything.
struct ResolvedLecture {
    /// A block with its placeholders filled.
    enum Piece {
        case prose(html: String, line: Int, shape: Block.Shape, characters: Int)
        case heading(level: Int, id: String, html: String, untagged: String, line: Int)
        case cell(Int)
        case divOpen(Div)
        case divClose(Div)
        case pause
        case rule(line: Int)
        case footnotes(html: String)
        /// The list of cited works (`CitationRenderer.referenceList`), before the footnotes.
        case bibliography(list: String)
    }

    let lecture: Lecture
    let result: LectureResult?
    /// The blocks, in order.
    private(set) var pieces: [Piece] = []
    /// Course files that links name, to copy into the site.
    private(set) var assets: [(from: URL, to: String)] = []
    /// References to nothing, broken links, labels given twice, TeX errors.
    private(set) var errors: [LecternError] = []
    let references: References
    /// Each cell's caption as HTML (math typeset), by cell index.
    private(set) var captions: [Int: String] = [:]
    /// Each cell's table caption (`tbl-cap`) as HTML, by cell index.
    private(set) var tableCaptions: [Int: String] = [:]
    /// The sanitised SVG of each figure file.
    let figures: [String: String]
    /// The page's file name stem (figure downloads are named after it).
    let stem: String

    init(lecture: Lecture, result: LectureResult?, figures stored: [String: String], index: SiteIndex, math: MathHTML = MathHTML()) {
        self.lecture = lecture
        self.result = result
        figures = stored
        let references = index[lecture.path]?.references ?? References(lecture: lecture, result: result)
        self.references = references
        errors = references.errors
        var parsed: Bibliography.Parsed = [:]
        let bibliography = index[lecture.path]?.bibliography ?? Bibliography(lecture.bibliography, courseRoot: index.courseRoot, parsed: &parsed)
        let citations = CitationRenderer(lecture: lecture, bibliography: bibliography)
        errors += bibliography.problems + citations.errors
        let page = SitePath.page(for: lecture.path)
        stem = URL(fileURLWithPath: page).deletingPathExtension().lastPathComponent
        let m = lecture.marker
        var mathErrors: [LecternError] = []
        func formula(_ index: String, block: Bool) -> String {
            guard let i = Int(index), let span = lecture.math[safe: i] else { return "" }
            let (markup, error) = math.html(span, block: block)
            if let error { mathErrors.append(LecternError(file: lecture.path, line: span.line, "math: KaTeX says: \(error)")) }
            return markup
        }
        // Links: where each goes, the text an empty one shows, the files to copy.
        var hrefs: [Int: String] = [:]
        var names: [Int: String] = [:]
        var assets: [String: URL] = [:]
        for link in lecture.links {
            switch index.resolve(link, from: lecture) {
            case .page(let href, let name):
                hrefs[link.index] = href
                names[link.index] = name
            case .asset(let from, let to, let href):
                hrefs[link.index] = href
                names[link.index] = URL(fileURLWithPath: link.file).lastPathComponent
                assets[to] = from
            case .problem(let why):
                hrefs[link.index] = "#"
                errors.append(LecternError(file: lecture.path, line: link.line, (link.image ? "image: " : "link: ") + why))
            }
        }
        self.assets = assets.sorted { $0.key < $1.key }.map { ($0.value, $0.key) }
        func fill(_ prose: String) -> String {
            // Math: a paragraph holding only display math becomes a block.
            var html = Page.substitute(prose, marker: m, "math", before: "<p>", after: "</p>") { index in
                guard let span = Int(index).flatMap({ lecture.math[safe: $0] }), span.display else { return "<p>" + formula(index, block: false) + "</p>" }
                return formula(index, block: true)
            }
            html = Page.substitute(html, marker: m, "math") { formula($0, block: false) }
            // Inside an image's alt text the placeholder was escaped; the TeX is what fits there.
            html = Page.substitute(html, open: "&lt;!--\(m):math:", close: "--&gt;") { index in
                Int(index).flatMap { lecture.math[safe: $0] }.map { HTML.escape($0.tex) } ?? ""
            }
            html = Page.substitute(html, marker: m, "ref") { label in
                guard let name = references.name(of: label) else { return "<span class=\"xref missing\">@\(HTML.escape(label))</span>" }
                return "<a class=\"xref\" href=\"#\(SitePath.encode(label))\">\(HTML.escape(name))</a>"
            }
            html = Page.substitute(html, marker: m, "figure") { index in
                Int(index).flatMap { references.imageFigures[$0] }.map { "<span class=\"figure-number\">Figure\u{A0}\($0)</span>: " } ?? ""
            }
            html = html.replacingOccurrences(of: "</span>: </figcaption>", with: "</span></figcaption>")
            html = Page.substitute(html, marker: m, "table") { index in
                Int(index).flatMap { references.proseTables[$0] }.map { "<span class=\"table-number\">Table\u{A0}\($0)</span>: " } ?? ""
            }
            html = Page.substitute(html, marker: m, "cite") { index in
                Int(index).flatMap { lecture.citations[safe: $0] }.map(citations.html) ?? ""
            }
            html = Page.substitute(html, marker: m, "inline") { index in
                guard let i = Int(index), let value = result?.inlines[safe: i] ?? nil else {
                    let why = result?.inlineErrors.first { $0.index == Int(index) }.map { "did not compile: " + $0.message } ?? "not evaluated"
                    return "<span class=\"inline-value missing\" title=\"\(HTML.escape(why))\">?</span>"
                }
                return "<span class=\"inline-value\">\(HTML.escape(value))</span>"
            }
            html = Page.substitute(html, marker: m, "linktext") { index in
                HTML.escape(Int(index).flatMap { names[$0] } ?? "")
            }
            return Page.replaceLinks(html, marker: m) { hrefs[$0] ?? "#" }
        }
        for cell in lecture.cells {
            for (key, text) in [("fig-cap", cell.options.figCap), ("tbl-cap", cell.options.tblCap)] {
                guard let text else { continue }
                let (html, problems) = math.html(ofPlainText: text)
                for problem in problems { mathErrors.append(LecternError(file: lecture.path, line: cell.firstLine, "math in \(key): KaTeX says: \(problem)")) }
                if key == "fig-cap" { captions[cell.index] = html } else { tableCaptions[cell.index] = html }
            }
        }
        pieces = lecture.blocks.map { block in
            switch block {
            case .prose(let html, let line, let shape, let characters): .prose(html: fill(html), line: line, shape: shape, characters: characters)
            case .heading(let level, let id, let html, let untagged, let line):
                .heading(level: level, id: id, html: fill(html), untagged: fill(untagged), line: line)
            case .cell(let i): .cell(i)
            case .divOpen(let i): .divOpen(lecture.divs[i])
            case .divClose(let i, _):
                .divClose({ var div = lecture.divs[i]; div.caption = div.caption.map(fill); return div }())
            case .pause: .pause
            case .rule(let line): .rule(line: line)
            case .footnotes(let html): .footnotes(html: fill(html))
            }
        }
        if let list = citations.referenceList {
            let at = pieces.lastIndex { if case .footnotes = $0 { true } else { false } } ?? pieces.endIndex
            pieces.insert(.bibliography(list: list), at: at)
        }
        errors += mathErrors
        errors = errors.map(lecture.locate)
    }

    /// The pieces `format` shows: those inside a div the format leaves out
    /// (`.content-visible when-format="…"`, `.content-hidden …`, and for the
    /// deck `.no-slide`) are dropped, with the div.
    func pieces(for format: Format) -> [Piece] {
        var out: [Piece] = []
        var hidden: [Bool] = []
        for piece in pieces {
            switch piece {
            case .divOpen(let div):
                let hide = (hidden.last ?? false) || !div.shows(in: format)
                hidden.append(hide)
                if !hide { out.append(piece) }
            case .divClose:
                let hide = hidden.popLast() ?? false
                if !hide { out.append(piece) }
            default:
                if !(hidden.last ?? false) { out.append(piece) }
            }
        }
        return out
    }

    /// A cell's HTML as `format` shows it, with its figures, tables and failure.
    func cellHTML(_ index: Int, for format: Format, echo: Echo? = nil, outputs: Range<Int>? = nil) -> String {
        guard let cell = lecture.cells[safe: index] else { return "" }
        return Page.cellHTML(cell, result?.cells[safe: index], lecture: lecture,
                             figureNumbers: references.cellFigures[index] ?? [], tableNumbers: references.cellTables[index] ?? [],
                             echo: echo ?? cell.settings.echo, caption: captions[index], tableCaption: tableCaptions[index], outputs: outputs) { file, n in
            let svg = figures[file] ?? ""
            guard !svg.isEmpty, !svg.hasPrefix(SVGSanitiser.notShown) else { return ("", nil, SVGSanitiser.reason(svg)) }
            return ("\(stem)-fig-\(n).svg", svg, nil)
        }
    }

    /// Prose HTML with the cells inside it (in a list or a quote) filled in.
    func fillingCells(_ html: String, for format: Format) -> String {
        guard Splice.contains("<!--\(lecture.marker):cell:", in: html) else { return html }
        return Page.substitute(html, marker: lecture.marker, "cell") { index in
            Int(index).map { cellHTML($0, for: format) } ?? ""
        }
    }
}
