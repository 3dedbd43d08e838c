import Foundation

/// A lecture's article HTML: prose with each cell's code and outputs woven in,
/// figures numbered and captioned, `@fig-…` references resolved. Everything a
/// cell produced is escaped. SVG figures are placed inline after `SVGSanitiser`
/// has rebuilt them from drawing elements only (so their text can be selected
/// and searched, and no script can run), with a link to the SVG file; one that
/// does not parse is shown with `<img>`.
struct Page {
    /// The article's HTML.
    private(set) var html = ""
    /// Figure files to copy into the site: from the result's directory to a site-relative path.
    private(set) var figures: [(from: URL, to: String)] = []
    /// References to labels that no figure has.
    private(set) var errors: [LecternError] = []

    init(lecture: Lecture, result: LectureResult?, resultDirectory: URL?) {
        // Number the figures first: references may come before their figure.
        let references = References(lecture: lecture, result: result)
        let numbers = references.numbers
        let cellFigureNumbers = references.cellFigures
        errors = references.errors
        var html = lecture.html
        html = Self.substitute(html, marker: "ref") { label in
            guard let n = numbers[label] else { return "<span class=\"xref missing\">@\(HTML.escape(label))</span>" }
            return "<a class=\"xref\" href=\"#\(HTML.escape(label))\">Figure&nbsp;\(n)</a>"
        }
        html = Self.substitute(html, marker: "inline") { index in
            guard let i = Int(index), let value = result?.inlines[safe: i] ?? nil else {
                let why = result?.inlineErrors.first { $0.index == Int(index) }.map { "did not compile: " + $0.message } ?? "not evaluated"
                return "<span class=\"inline-value missing\" title=\"\(HTML.escape(why))\">?</span>"
            }
            return "<span class=\"inline-value\">\(HTML.escape(value))</span>"
        }
        var figures: [(URL, String)] = []
        html = Self.substitute(html, marker: "cell") { index in
            guard let i = Int(index), i < lecture.cells.count else { return "" }
            let cell = lecture.cells[i]
            let cellResult = result?.cells[i]
            return Self.cellHTML(cell, cellResult, lecture: lecture, numbers: cellFigureNumbers[i] ?? []) { file, n in
                guard let directory = resultDirectory else { return ("", nil) }
                let target = "figures/\(lecture.slug)/fig-\(n).svg"
                let source = directory.appendingPathComponent(file)
                figures.append((source, target))
                return (target, SVGSanitiser.sanitised(contentsOf: source))
            }
        }
        self.html = html
        self.figures = figures
    }

    /// Replaces `<!--lectern:MARKER:VALUE-->` by `replacement(VALUE)` (a cell's
    /// block placeholder sits alone on its line).
    static func substitute(_ html: String, marker: String, _ replacement: (String) -> String) -> String {
        let open = "<!--lectern:\(marker):"
        guard html.contains(open) else { return html }
        var out = ""
        var rest = Substring(html)
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: "-->") {
            out += rest[..<start.lowerBound]
            out += replacement(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    static func cellHTML(_ cell: Cell, _ result: CellResult?, lecture: Lecture, numbers: [Int],
                         figure: (String, Int) -> (src: String, sanitisedSVG: String?)) -> String {
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
                    parts.append(tableHTML(table))
                case .display(.figure(let file)):
                    let n = numbers[safe: figureIndex] ?? 0
                    let (src, svg) = figure(file, n)
                    let label = figureIndex == 0 ? cell.options.label : nil
                    let caption = cell.options.figCap.map { ": " + HTML.escape($0) } ?? ""
                    let altText = cell.options.figAlt ?? cell.options.figCap ?? "Figure \(n)"
                    let figureID = label.map { " id=\"\(HTML.escape($0))\"" } ?? ""
                    let picture = svg.map { SVGSanitiser.labelled($0, label: altText) }
                        ?? "<img src=\"\(src)\" alt=\"\(HTML.escape(altText))\">"
                    let link = src.isEmpty ? "" : " <a class=\"figure-file\" href=\"\(src)\">SVG</a>"
                    parts.append("<figure\(figureID)>\(picture)<figcaption><span class=\"figure-number\">Figure \(n)</span>\(caption)\(link)</figcaption></figure>")
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
            parts.append("<div class=\"\(cls)\"><p class=\"error-title\">\(title) <code>\(HTML.escape(location))</code></p><pre>\(HTML.escape(failure.message))</pre></div>")
        }
        return "<div class=\"cell\"\(id)>\n" + parts.joined(separator: "\n") + "\n</div>\n"
    }

    static func tableHTML(_ table: TableData) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"output-table\">"
        if let caption = table.caption { html += "<caption>\(HTML.escape(caption))</caption>" }
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
