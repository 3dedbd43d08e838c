/// The HTML of formulas: KaTeX's output from `MathTypesetter` where it has
/// one (no script needed), else the `\(…\)` / `\[…\]` markup that the
/// browser-side KaTeX typesets. A TeX error shows the TeX, marked, and is
/// reported at the formula's line.
struct MathHTML {
    var outcomes: [MathTypesetter.Formula: MathTypesetter.Outcome] = [:]

    /// The formula to typeset for a span (a numbered equation carries its `\tag`).
    static func formula(_ span: MathSpan) -> MathTypesetter.Formula {
        MathTypesetter.Formula(tex: span.preamble + span.tex + (span.number.map { " \\tag{\($0)}" } ?? ""), display: span.display)
    }

    /// Whether every formula of `formulas` was typeset at build time.
    func covers(_ formulas: some Sequence<MathTypesetter.Formula>) -> Bool {
        formulas.allSatisfy { outcomes[$0] != nil }
    }

    /// A span's markup, and KaTeX's message when its TeX is wrong.
    func html(_ span: MathSpan, block: Bool = false) -> (html: String, error: String?) {
        let formula = Self.formula(span)
        let id = span.label.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        // A short inline formula ("n = 50") is never broken across lines; a long one may be, at
        // KaTeX's break points, or it would run out of a phone's column.
        let cls = span.display ? "math display" : MathText.readable(tex: span.tex).count <= 16 ? "math inline short" : "math inline"
        let element = block ? "div" : "span"
        switch outcomes[formula] {
        case .html(let html)?:
            return ("<\(element) class=\"\(cls)\"\(id)>\(html)</\(element)>", nil)
        case .error(let message)?:
            let dollars = span.display ? "$$" : "$"
            return ("<\(element) class=\"\(cls) math-error\"\(id) title=\"\(HTML.escape(message))\"><code>\(HTML.escape(dollars + span.tex + dollars))</code></\(element)>", message)
        case nil:
            let escaped = HTML.escape(formula.tex)
            return ("<\(element) class=\"\(cls)\"\(id)>" + (span.display ? "\\[\(escaped)\\]" : "\\(\(escaped)\\)") + "</\(element)>", nil)
        }
    }

    /// The formulas of a plain text (a title, a heading, a caption).
    static func formulas(inPlainText text: String) -> [MathSpan] {
        pieces(text).compactMap { if case .math(let span) = $0 { span } else { nil } }
    }

    /// `text` as HTML: escaped, its `$…$` typeset; with KaTeX's messages.
    func html(ofPlainText text: String) -> (html: String, errors: [String]) {
        var out = ""
        var errors: [String] = []
        for piece in Self.pieces(text) {
            switch piece {
            case .text(let t): out += HTML.escape(t)
            case .math(let span):
                let (html, error) = html(span)
                out += html
                if let error { errors.append(error) }
            }
        }
        return (out, errors)
    }


    enum Piece { case text(String), math(MathSpan) }

    /// Splits plain text at its math (Pandoc's dollar rules, as in prose).
    static func pieces(_ text: String) -> [Piece] {
        guard text.contains("$") else { return [.text(text)] }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var pieces: [Piece] = []
            var textStart = 0, i = 0
            while i < buffer.count {
                if buffer[i] == UInt8(ascii: "\\") { i += 2; continue }
                if buffer[i] == UInt8(ascii: "$"), let (range, display, end) = MathSpan.scan(buffer, at: i) {
                    if textStart < i { pieces.append(.text(String(decoding: buffer[textStart..<i], as: UTF8.self))) }
                    pieces.append(.math(MathSpan(tex: String(decoding: buffer[range], as: UTF8.self), display: display, line: 0)))
                    i = end
                    textStart = end
                    continue
                }
                i += 1
            }
            if textStart < buffer.count { pieces.append(.text(String(decoding: buffer[textStart...], as: UTF8.self))) }
            return pieces
        }
    }
}
