import Foundation

/// The web page's article (the `html` format): the lecture's blocks in
/// order, each cell's code and outputs woven in, figures and tables numbered
/// and captioned, references resolved (all of which `ResolvedLecture`
/// settles for every format). Everything a cell produced is escaped. SVG
/// figures come sanitised (`SVGSanitiser`, at cache time) and are placed
/// inline, once: their text can be selected and searched, the site's themes
/// recolour their axes, and the page's script offers the same SVG as a file
/// (no second copy ships with the site).
struct Page: FormatRenderer {
    static let format = Format.html
    static let template = "page"
    /// The article's HTML.
    private(set) var html = ""
    /// Course files that links name, to copy into the site.
    var assets: [(from: URL, to: String)] { resolved.assets }
    /// References to nothing, broken links, labels given twice.
    var errors: [LecternError] { resolved.errors }
    let resolved: ResolvedLecture
    var content: String { html }

    init(lecture: Lecture, result: LectureResult?, figures stored: [String: String], index: SiteIndex, math: MathHTML = MathHTML()) {
        self.init(ResolvedLecture(lecture: lecture, result: result, figures: stored, index: index, math: math))
    }

    /// The article of `resolved` as the page shows it.
    init(_ resolved: ResolvedLecture) {
        self.init(resolved, format: .html)
    }

    /// The article as the page shows it (`.html`), or as the handout prints
    /// it (`.pdf`: folded code in full).
    init(_ resolved: ResolvedLecture, format: Format) {
        self.resolved = resolved
        var tabsets = 0
        html = Self.render(resolved.pieces(for: format)[...], resolved, format: format, tabsets: &tabsets)
    }

    /// The HTML of `pieces`; a `.panel-tabset` div on the page becomes tabs.
    private static func render(_ pieces: ArraySlice<ResolvedLecture.Piece>, _ resolved: ResolvedLecture, format: Format, tabsets: inout Int) -> String {
        var out = ""
        var index = pieces.startIndex
        while index < pieces.endIndex {
            let piece = pieces[index]
            index += 1
            if format == .html, case .divOpen(let div) = piece, div.classes.contains("panel-tabset"),
               let close = Self.matchingClose(pieces, from: index) {
                tabsets += 1
                out += tabset(pieces[index..<close], resolved, number: tabsets, tabsets: &tabsets)
                index = close + 1
                continue
            }
            switch piece {
            case .prose(let html, _, .table, _):
                // A table wider than a phone's column scrolls inside its box, as a cell's tables do.
                out += "<div class=\"table-wrap\">" + resolved.fillingCells(html, for: format) + "</div>\n"
            case .prose(let html, _, _, _), .heading(_, _, let html, _, _), .footnotes(let html):
                out += resolved.fillingCells(html, for: format)
            case .bibliography(let list):
                out += CitationRenderer.section(list)
            case .cell(let i):
                let echo = resolved.lecture.cells[safe: i]?.settings.echo
                out += resolved.cellHTML(i, for: format, echo: format == .pdf && echo == .fold ? .show : echo)
            case .divOpen(let div): out += div.opening(for: format) + "\n"
            case .divClose(let div): out += div.closing(for: format) + "\n"
            case .pause: break
            case .rule: out += "<hr />\n"
            }
        }
        return out
    }

    /// The index of the `divClose` that ends the div whose content starts at `start`.
    private static func matchingClose(_ pieces: ArraySlice<ResolvedLecture.Piece>, from start: Int) -> Int? {
        var depth = 0
        for i in start..<pieces.endIndex {
            switch pieces[i] {
            case .divOpen: depth += 1
            case .divClose:
                if depth == 0 { return i }
                depth -= 1
            default: continue
            }
        }
        return nil
    }

    /// A `::: {.panel-tabset}` as tabs: each heading at the set's top level
    /// (the highest level in it) starts a tab named by it. Without script the
    /// tab list stays hidden and the panels read one after another, each under
    /// its heading; `lectern.js` shows one panel at a time and moves between
    /// tabs with the arrow keys, Home and End (WAI-ARIA's tabs pattern).
    private static func tabset(_ inner: ArraySlice<ResolvedLecture.Piece>, _ resolved: ResolvedLecture, number: Int, tabsets: inout Int) -> String {
        var depth = 0
        var level = Int.max
        for piece in inner {
            switch piece {
            case .divOpen: depth += 1
            case .divClose: depth -= 1
            case .heading(let l, _, _, _, _) where depth == 0: level = min(level, l)
            default: break
            }
        }
        var panels: [(title: String, start: Int)] = []
        var lead = inner.endIndex
        depth = 0
        for i in inner.indices {
            switch inner[i] {
            case .divOpen: depth += 1
            case .divClose: depth -= 1
            case .heading(let l, _, _, let untagged, _) where depth == 0 && l == level:
                if panels.isEmpty { lead = i }
                let title = untagged.replacing(/^<h[1-6][^>]*>/, with: "").replacing(/<\/h[1-6]>\s*$/, with: "")
                panels.append((title, i))
            default: break
            }
        }
        guard !panels.isEmpty else {
            return "<div class=\"panel-tabset\">\n" + render(inner, resolved, format: .html, tabsets: &tabsets) + "</div>\n"
        }
        var out = "<div class=\"panel-tabset\" data-tabset>\n"
        out += render(inner[inner.startIndex..<lead], resolved, format: .html, tabsets: &tabsets)
        out += "<div class=\"tablist\" role=\"tablist\" hidden>"
        for (k, panel) in panels.enumerated() {
            let id = "tabset-\(number)-\(k + 1)"
            out += "<button type=\"button\" role=\"tab\" id=\"\(id)-tab\" aria-controls=\"\(id)\" aria-selected=\"\(k == 0)\" tabindex=\"\(k == 0 ? 0 : -1)\">\(panel.title)</button>"
        }
        out += "</div>\n"
        for (k, panel) in panels.enumerated() {
            let id = "tabset-\(number)-\(k + 1)"
            let end = k + 1 < panels.count ? panels[k + 1].start : inner.endIndex
            out += "<section class=\"tab-panel\" id=\"\(id)\" role=\"tabpanel\" aria-labelledby=\"\(id)-tab\">\n"
            // The heading stays (read without script, and printed); the tabs hide it.
            out += render(inner[panel.start..<end], resolved, format: .html, tabsets: &tabsets).replacingOccurrences(of: "<h\(level) ", with: "<h\(level) class=\"tab-heading\" ", options: [], range: nil)
            out += "</section>\n"
        }
        return out + "</div>\n"
    }

    /// Puts each link's href where its placeholder destination (`M-link-N`) is.
    static func replaceLinks(_ html: String, marker: String, _ href: (Int) -> String) -> String {
        Splice.replacing(in: html, open: "\"\(marker)-link-", close: "\"", limit: 12) { digits in
            Int(digits).map { "\"" + HTML.escape(href($0)) + "\"" }
        }
    }

    /// Replaces `<!--M:KIND:VALUE-->` by `replacement(VALUE)` (a cell's
    /// block placeholder sits alone on its line).
    static func substitute(_ html: String, marker: String, _ kind: String, before: String = "", after: String = "",
                           _ replacement: (String) -> String) -> String {
        substitute(html, open: before + "<!--\(marker):\(kind):", close: "-->" + after, replacement)
    }

    /// Replaces every `open VALUE close` by `replacement(VALUE)` (see `Splice`).
    static func substitute(_ html: String, open: String, close: String, _ replacement: (String) -> String) -> String {
        Splice.replacing(in: html, open: open, close: close) { replacement($0) }
    }

    /// A cell's code (as `echo` says), outputs and failure.
    static func cellHTML(_ cell: Cell, _ result: CellResult?, lecture: Lecture, figureNumbers numbers: [Int], tableNumbers: [Int?],
                         echo: Echo, caption captionHTML: String?, tableCaption: String? = nil, outputs shown: Range<Int>? = nil,
                         figure: (String, Int) -> (src: String, sanitisedSVG: String?, whyNot: String?)) -> String {
        let s = cell.settings
        let failure = result?.failure
        let unexpected = failure.map { !$0.expected } ?? false
        guard s.include || unexpected else { return "" }
        var parts: [String] = []
        let id = cell.options.label.map { " id=\"cell-\(HTML.escape($0))\"" } ?? ""
        // A part of a cell (a deck shows a cell's outputs on several slides):
        // the code goes with the first part, the failure with the last.
        let first = shown.map { $0.lowerBound == 0 } ?? true
        let last = shown.map { $0.upperBound >= (result?.outputs.count ?? 0) } ?? true
        if first, echo != .hide || unexpected {
            let code = "<pre class=\"code\"><code class=\"language-swift\">\(Highlighter.html(cell.displayCode))</code></pre>"
            parts.append(echo == .fold ? "<details class=\"code-fold\"><summary>Code</summary>\(code)</details>" : code)
        }
        if let result, s.output || unexpected {
            var figureIndex = 0
            var tableIndex = 0
            for (k, output) in result.outputs.enumerated() {
                defer {
                    if case .display(.table) = output { tableIndex += 1 }
                    if case .display(.figure) = output { figureIndex += 1 }
                }
                if let shown, !shown.contains(k) { continue }
                switch output {
                case .stdout(let text):
                    parts.append("<pre class=\"output stdout\">\(HTML.escape(trimmed(text)))</pre>")
                case .stderr(let text):
                    parts.append("<pre class=\"output stderr\" title=\"standard error\">\(HTML.escape(trimmed(text)))</pre>")
                case .inline:
                    break
                case .truncated(let bytes):
                    parts.append("<p class=\"output-truncated\">output truncated: \(bytes) bytes not shown (raise the cell's <code>output-limit</code> to see more)</p>")
                case .display(.text(let text)):
                    parts.append("<pre class=\"output display\">\(HTML.escape(trimmed(text)))</pre>")
                case .display(.table(let table)):
                    let label = tableIndex == 0 && cell.options.label?.hasPrefix("tbl-") == true ? cell.options.label : nil
                    parts.append(tableHTML(table, number: tableNumbers[safe: tableIndex] ?? nil, id: label, caption: tableCaption))
                case .display(.figure(let file)):
                    let n = numbers[safe: figureIndex] ?? 0
                    let (src, svg, whyNot) = figure(file, n)
                    let label = figureIndex == 0 ? cell.options.label : nil
                    let caption = (captionHTML ?? cell.options.figCap.map(HTML.escape)).map { ": " + $0 } ?? ""
                    let altText = cell.options.figAlt.map { MathText.readable(prose: $0) } ?? cell.options.figCap.map { MathText.readable(prose: $0) } ?? "Figure \(n)"
                    let figureID = label.map { " id=\"\(HTML.escape($0))\"" } ?? ""
                    let picture = svg.map { SVGSanitiser.labelled($0, label: altText) }
                        ?? "<p class=\"figure-missing\">This figure is not shown: \(HTML.escape(whyNot ?? "its SVG is not well-formed XML")).</p>"
                    // The page's script turns this into a download of the figure above.
                    let link = src.isEmpty ? "" : " <a class=\"figure-file\" href=\"#\" hidden data-file=\"\(HTML.escape(src))\">SVG</a>"
                    // Below the width where its smallest text is 9 px (a phone), a
                    // figure stops shrinking and scrolls sideways inside its box.
                    let legible = svg.flatMap(LegibleWidth.of(svg:))
                    let scroll = legible.map { " style=\"--legible-width: \(Int($0))px\"" } ?? ""
                    let hint = (legible ?? 0) > 340 ? "<span class=\"scroll-hint\" aria-hidden=\"true\">scroll sideways for the whole figure →</span>" : ""
                    parts.append("<figure\(figureID)><div class=\"figure-scroll\"\(scroll)>\(picture)</div>\(hint)<figcaption><span class=\"figure-number\">Figure \(n)</span>\(caption)\(link)</figcaption></figure>")
                }
            }
        }
        if let failure, last {
            let location = failure.line(in: cell).map { line in
                let origin = lecture.sourceMap?.origin(of: line, path: lecture.path) ?? SourceMap.Origin(file: lecture.path, line: line)
                return "\(origin.file):\(origin.line)" + (failure.column.map { ":\($0)" } ?? "")
            } ?? lecture.path
            let cls = failure.expected ? "cell-error expected" : (failure.kind == .notRun ? "cell-error not-run" : "cell-error")
            let title: String = switch failure.kind {
            case .compile: failure.expected ? "Compile error (expected)" : "Compile error"
            case .crash: failure.expected ? "Error (expected)" : "Runtime error"
            case .timeout: "Timeout"
            case .unexpectedSuccess: "Expected an error"
            case .notRun: "Not run"
            }
            parts.append("<div class=\"\(cls)\"><p class=\"error-title\">\(title) <code>\(HTML.escape(location))</code></p><pre>\(HTML.escape(failure.text(in: cell, path: lecture.path)))</pre></div>")
        }
        if shown != nil, parts.isEmpty { return "" }
        if let columns = cell.options.layoutNcol, columns > 1 {
            // layout-ncol: each run of the cell's figures side by side in a grid.
            var grouped: [String] = []
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    grouped.append("<div class=\"layout-grid cell-layout\" style=\"--layout-columns: \(columns)\">" + run.joined(separator: "\n") + "</div>")
                } else { grouped += run }
                run = []
            }
            for part in parts {
                if part.hasPrefix("<figure") { run.append(part) } else { flush(); grouped.append(part) }
            }
            flush()
            parts = grouped
        }
        return "<div class=\"cell\"\(first ? id : "")>\n" + parts.joined(separator: "\n") + "\n</div>\n"
    }

    /// A table as HTML; `caption` (HTML: the cell's `tbl-cap`) over the one the code gave.
    static func tableHTML(_ table: TableData, number: Int? = nil, id: String? = nil, caption: String? = nil) -> String {
        let idAttribute = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        var html = "<div class=\"table-wrap\"\(idAttribute)><table class=\"output-table\">"
        let captionHTML = caption ?? table.caption.map(HTML.escape)
        if number != nil || captionHTML != nil {
            let numberText = number.map { "<span class=\"table-number\">Table\u{A0}\($0)</span>" } ?? ""
            let text = captionHTML.map { (number == nil ? "" : ": ") + $0 } ?? ""
            html += "<caption>\(numberText)\(text)</caption>"
        }
        html += "<thead><tr>" + table.columns.map { $0.isEmpty ? "<td></td>" : "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>" + row.map { cell in
                let numeric = Double(cell.replacingOccurrences(of: "−", with: "-")) != nil
                return numeric ? "<td class=\"num\">\(HTML.escape(cell))</td>" : "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func trimmed(_ text: String) -> String {
        var t = Substring(text)
        while t.hasSuffix("\n") { t = t.dropLast() }
        return String(t)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
