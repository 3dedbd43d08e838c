import Foundation

/// A lecture's article HTML: prose with each cell's code and outputs woven in,
/// figures and tables numbered and captioned, references (`@fig-…`, `@tbl-…`,
/// `@eq-…`, `@sec-…`) resolved, and links to other lectures and to course
/// files made into links of the site. Everything a cell produced is escaped.
/// SVG figures come sanitised (`SVGSanitiser`, at cache time) and are placed
/// inline, once: their text can be selected and searched, the site's themes
/// recolour their axes, and the page's script offers the same SVG as a file
/// (no second copy ships with the site).
struct Page {
    /// The article's HTML.
    private(set) var html = ""
    /// Course files that links name, to copy into the site.
    private(set) var assets: [(from: URL, to: String)] = []
    /// References to nothing, broken links, labels given twice.
    private(set) var errors: [LecternError] = []

    init(lecture: Lecture, result: LectureResult?, figures stored: [String: String], index: SiteIndex, math: MathHTML = MathHTML()) {
        let references = index[lecture.path]?.references ?? References(lecture: lecture, result: result)
        errors = references.errors
        let page = SitePath.page(for: lecture.path)
        let m = lecture.marker
        var html = lecture.html
        // Math: a paragraph holding only display math becomes a block.
        var mathErrors: [LecternError] = []
        func formula(_ index: String, block: Bool) -> String {
            guard let i = Int(index), let span = lecture.math[safe: i] else { return "" }
            let (markup, error) = math.html(span, block: block)
            if let error { mathErrors.append(LecternError(file: lecture.path, line: span.line, "math: KaTeX says: \(error)")) }
            return markup
        }
        html = Self.substitute(html, marker: m, "math", before: "<p>", after: "</p>") { index in
            guard let span = Int(index).flatMap({ lecture.math[safe: $0] }), span.display else { return "<p>" + formula(index, block: false) + "</p>" }
            return formula(index, block: true)
        }
        html = Self.substitute(html, marker: m, "math") { formula($0, block: false) }
        // Inside an image's alt text the placeholder was escaped; the TeX is what fits there.
        html = Self.substitute(html, open: "&lt;!--\(m):math:", close: "--&gt;") { index in
            Int(index).flatMap { lecture.math[safe: $0] }.map { HTML.escape($0.tex) } ?? ""
        }
        html = Self.substitute(html, marker: m, "ref") { label in
            guard let name = references.name(of: label) else { return "<span class=\"xref missing\">@\(HTML.escape(label))</span>" }
            return "<a class=\"xref\" href=\"#\(SitePath.encode(label))\">\(HTML.escape(name))</a>"
        }
        html = Self.substitute(html, marker: m, "inline") { index in
            guard let i = Int(index), let value = result?.inlines[safe: i] ?? nil else {
                let why = result?.inlineErrors.first { $0.index == Int(index) }.map { "did not compile: " + $0.message } ?? "not evaluated"
                return "<span class=\"inline-value missing\" title=\"\(HTML.escape(why))\">?</span>"
            }
            return "<span class=\"inline-value\">\(HTML.escape(value))</span>"
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
        html = Self.substitute(html, marker: m, "linktext") { index in
            HTML.escape(Int(index).flatMap { names[$0] } ?? "")
        }
        html = Self.replaceLinks(html, marker: m) { hrefs[$0] ?? "#" }
        let stem = URL(fileURLWithPath: page).deletingPathExtension().lastPathComponent
        html = Self.substitute(html, marker: m, "cell") { index in
            guard let i = Int(index), i < lecture.cells.count else { return "" }
            let cell = lecture.cells[i]
            let cellResult = result?.cells[i]
            return Self.cellHTML(cell, cellResult, lecture: lecture, figureNumbers: references.cellFigures[i] ?? [],
                                 tableNumbers: references.cellTables[i] ?? [], caption: { text in
                let (html, problems) = math.html(ofPlainText: text)
                for problem in problems { mathErrors.append(LecternError(file: lecture.path, line: cell.firstLine, "math in fig-cap: KaTeX says: \(problem)")) }
                return html
            }) { file, n in
                let svg = stored[file] ?? ""
                guard !svg.isEmpty, !svg.hasPrefix(SVGSanitiser.notShown) else { return ("", nil, SVGSanitiser.reason(svg)) }
                return ("\(stem)-fig-\(n).svg", svg, nil)
            }
        }
        self.html = html
        errors += mathErrors
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

    static func cellHTML(_ cell: Cell, _ result: CellResult?, lecture: Lecture, figureNumbers numbers: [Int], tableNumbers: [Int],
                         caption captionHTML: (String) -> String = HTML.escape,
                         figure: (String, Int) -> (src: String, sanitisedSVG: String?, whyNot: String?)) -> String {
        let s = cell.settings
        let failure = result?.failure
        let unexpected = failure.map { !$0.expected } ?? false
        guard s.include || unexpected else { return "" }
        var parts: [String] = []
        let id = cell.options.label.map { " id=\"cell-\(HTML.escape($0))\"" } ?? ""
        if s.echo != .hide || unexpected {
            let code = "<pre class=\"code\"><code class=\"language-swift\">\(Highlighter.html(cell.displayCode))</code></pre>"
            parts.append(s.echo == .fold ? "<details class=\"code-fold\"><summary>Code</summary>\(code)</details>" : code)
        }
        if let result, s.output || unexpected {
            var figureIndex = 0
            var tableIndex = 0
            for output in result.outputs {
                switch output {
                case .stdout(let text):
                    parts.append("<pre class=\"output stdout\">\(HTML.escape(trimmed(text)))</pre>")
                case .stderr(let text):
                    parts.append("<pre class=\"output stderr\" title=\"standard error\">\(HTML.escape(trimmed(text)))</pre>")
                case .truncated(let bytes):
                    parts.append("<p class=\"output-truncated\">output truncated: \(bytes) bytes not shown (raise the cell's <code>output-limit</code> to see more)</p>")
                case .display(.text(let text)):
                    parts.append("<pre class=\"output display\">\(HTML.escape(trimmed(text)))</pre>")
                case .display(.table(let table)):
                    let label = tableIndex == 0 && cell.options.label?.hasPrefix("tbl-") == true ? cell.options.label : nil
                    parts.append(tableHTML(table, number: tableNumbers[safe: tableIndex], id: label))
                    tableIndex += 1
                case .display(.figure(let file)):
                    let n = numbers[safe: figureIndex] ?? 0
                    let (src, svg, whyNot) = figure(file, n)
                    let label = figureIndex == 0 ? cell.options.label : nil
                    let caption = cell.options.figCap.map { ": " + captionHTML($0) } ?? ""
                    let altText = cell.options.figAlt ?? cell.options.figCap.map(MathHTML.plain) ?? "Figure \(n)"
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
                    figureIndex += 1
                }
            }
        }
        if let failure {
            let location = failure.line(in: cell).map { "\(lecture.path):\($0)" + (failure.column.map { ":\($0)" } ?? "") } ?? lecture.path
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
        return "<div class=\"cell\"\(id)>\n" + parts.joined(separator: "\n") + "\n</div>\n"
    }

    static func tableHTML(_ table: TableData, number: Int? = nil, id: String? = nil) -> String {
        let idAttribute = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        var html = "<div class=\"table-wrap\"\(idAttribute)><table class=\"output-table\">"
        if number != nil || table.caption != nil {
            let numberText = number.map { "<span class=\"table-number\">Table\u{A0}\($0)</span>" } ?? ""
            let text = table.caption.map { (number == nil ? "" : ": ") + HTML.escape($0) } ?? ""
            html += "<caption>\(numberText)\(text)</caption>"
        }
        html += "<thead><tr>" + table.columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
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
