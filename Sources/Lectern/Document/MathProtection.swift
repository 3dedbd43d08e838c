/// Keeps `$…$` and `$$…$$` math away from the Markdown parser, which would
/// otherwise read `a_1 b_2` as emphasis: each span is swapped for a token
/// (private-use characters that Markdown treats as plain letters) before
/// parsing and restored, HTML-escaped, in the rendered HTML for KaTeX.
///
/// Dollars inside code spans and fenced code are left alone; `\$` is a dollar.
/// Display math followed by `{#eq-label}` is numbered (in order) and can be
/// referenced as `@eq-label`. The token characters are chosen among those the
/// source does not use, so text of its own in the private-use area (icon
/// fonts) is never taken for a token.
/// Inline math follows Pandoc's rule: the opening `$` is not followed by a
/// space, the closing one is not preceded by a space nor followed by a digit.
struct MathProtection {
    struct Span: Equatable {
        let tex: String
        let display: Bool
        /// `eq-…` of a labelled display equation.
        var label: String? = nil
        /// The equation's number, for a labelled one.
        var number: Int? = nil
        /// 1-based line of the span's start.
        var line = 0
    }

    /// The text with math replaced by tokens; it keeps every newline, so line
    /// numbers are those of the original.
    private(set) var text = ""
    private(set) var spans: [Span] = []

    let open: Character
    let close: Character
    private var equations = 0

    init(_ source: String) {
        // Two private-use characters that `source` does not contain.
        var first: UInt32 = 0xE000
        while source.unicodeScalars.contains(where: { $0.value == first || $0.value == first + 1 }), first < 0xF8FD { first += 2 }
        open = Character(Unicode.Scalar(first)!)
        close = Character(Unicode.Scalar(first + 1)!)
        var inFence: (marker: Character, length: Int)?
        var paragraph: [Substring] = []
        var paragraphLine = 1

        func flushParagraph() {
            if !paragraph.isEmpty {
                text += protect(paragraph.joined(separator: "\n"), firstLine: paragraphLine) + "\n"
                paragraph.removeAll()
            }
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            let newline = isLast ? "" : "\n"
            if let fence = inFence {
                if let closing = Self.fence(line), closing.marker == fence.marker, closing.length >= fence.length,
                   line.drop(while: { $0 == " " }).drop(while: { $0 == fence.marker }).allSatisfy({ $0 == " " }) {
                    inFence = nil
                }
                text += line + newline
                continue
            }
            if let fence = Self.fence(line) {
                flushParagraph()
                inFence = fence
                text += line + newline
                continue
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                flushParagraph()
                text += line + newline
                continue
            }
            if paragraph.isEmpty { paragraphLine = index + 1 }
            paragraph.append(line)
            if isLast {
                text += protect(paragraph.joined(separator: "\n"), firstLine: paragraphLine)
                paragraph.removeAll()
            }
        }
        flushParagraph()
        if !source.hasSuffix("\n"), text.hasSuffix("\n") { text.removeLast() }
    }

    private static func fence(_ line: Substring) -> (marker: Character, length: Int)? {
        let indent = line.prefix(while: { $0 == " " }).count
        let rest = line.dropFirst(indent)
        guard let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let length = rest.prefix(while: { $0 == marker }).count
        guard length >= 3 else { return nil }
        if marker == "`", rest.dropFirst(length).contains("`") { return nil }
        return (marker, length)
    }

    /// Replaces the math of one paragraph (lines with no blank line between).
    private mutating func protect(_ block: String, firstLine: Int) -> String {
        let chars = Array(block)
        var out = ""
        var i = 0
        var line = firstLine
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1 }
            if c == "\\", i + 1 < chars.count {
                out.append(c); out.append(chars[i + 1]); i += 2; continue
            }
            if c == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if let end = Self.closingBackticks(chars, from: i + run, length: run) {
                    out += String(chars[i..<(end + run)]); i = end + run
                } else {
                    out += String(repeating: "`", count: run); i += run
                }
                continue
            }
            if c == "$" {
                if i + 1 < chars.count, chars[i + 1] == "$" {
                    if let end = Self.find("$$", in: chars, from: i + 2) {
                        let tex = String(chars[(i + 2)..<end])
                        i = end + 2
                        var span = Span(tex: tex, display: true, line: line)
                        if let (label, after) = Self.equationLabel(chars, from: i) {
                            equations += 1
                            span.label = label
                            span.number = equations
                            i = after
                        }
                        out += token(span)
                        line += tex.filter { $0 == "\n" }.count
                        continue
                    }
                } else if i + 1 < chars.count, !chars[i + 1].isWhitespace,
                          let end = Self.closingDollar(chars, from: i + 1) {
                    let tex = String(chars[(i + 1)..<end])
                    out += token(Span(tex: tex, display: false, line: line))
                    line += tex.filter { $0 == "\n" }.count
                    i = end + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    private mutating func token(_ span: Span) -> String {
        spans.append(span)
        // Keep the span's newlines so that later lines keep their numbers.
        let newlines = span.tex.filter { $0 == "\n" }.count
        return "\(open)\(spans.count - 1)\(close)" + String(repeating: "\(open)\(close)\n", count: newlines)
    }

    /// `{#eq-label}` after display math (spaces allowed before it): the label
    /// and the index after it.
    private static func equationLabel(_ chars: [Character], from start: Int) -> (String, Int)? {
        var i = start
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        guard i + 4 < chars.count, String(chars[i..<(i + 5)]) == "{#eq-" else { return nil }
        var j = i + 2
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "-" || chars[j] == "_" { j += 1 }
        guard j < chars.count, chars[j] == "}", j > i + 5 else { return nil }
        return (String(chars[(i + 2)..<j]), j + 1)
    }

    /// The labelled display equations, in order.
    var equationLabels: [(label: String, number: Int, line: Int)] {
        spans.compactMap { span in span.label.map { ($0, span.number ?? 0, span.line) } }
    }

    private static func closingBackticks(_ chars: [Character], from start: Int, length: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func find(_ needle: String, in chars: [Character], from start: Int) -> Int? {
        let pattern = Array(needle)
        var i = start
        while i + pattern.count <= chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if Array(chars[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    private static func closingDollar(_ chars: [Character], from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if c == "$" {
                let before = chars[i - 1]
                let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if !before.isWhitespace, !(after?.isNumber ?? false) { return i }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The rendered HTML with every token put back as KaTeX-ready markup:
    /// `\(…\)` for inline math, `\[…\]` for display math (a paragraph holding
    /// only display math becomes a `div`).
    func restore(in html: String) -> String {
        guard !spans.isEmpty else { return html }
        var out = ""
        out.reserveCapacity(html.count)
        var chars = Substring(html)
        while let start = chars.firstIndex(of: open) {
            out += chars[..<start]
            let afterOpen = chars.index(after: start)
            guard let end = chars[afterOpen...].firstIndex(of: close) else {
                out += chars[start...]; chars = ""; break
            }
            let number = chars[afterOpen..<end]
            chars = chars[chars.index(after: end)...]
            guard let index = Int(number), index < spans.count else { continue }
            let span = spans[index]
            var escaped = HTML.escape(span.tex)
            if span.display {
                let id = span.label.map { " id=\"\(HTML.escape($0))\"" } ?? ""
                if let number = span.number { escaped += " \\tag{\(number)}" }
                if out.hasSuffix("<p>"), chars.hasPrefix("</p>") || onlyFillers(before: "</p>", in: chars) {
                    out.removeLast(3)
                    out += "<div class=\"math display\"\(id)>\\[\(escaped)\\]</div>"
                    chars = chars[chars.range(of: "</p>")!.upperBound...]
                } else {
                    out += "<span class=\"math display\"\(id)>\\[\(escaped)\\]</span>"
                }
            } else {
                out += "<span class=\"math inline\">\\(\(escaped)\\)</span>"
            }
        }
        out += chars
        return out
    }

    /// Whether `chars` holds only line fillers (`\u{E000}\u{E001}` and newlines) before `end`.
    private func onlyFillers(before end: String, in chars: Substring) -> Bool {
        guard let range = chars.range(of: end) else { return false }
        return chars[..<range.lowerBound].allSatisfy { $0 == open || $0 == close || $0 == "\n" }
    }
}

extension MathProtection {
    /// Plain text with each token put back as `$tex$` (for headings in a table of contents).
    func restoreAsText(_ text: String) -> String {
        guard text.contains(open) else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: open), let end = rest[start...].firstIndex(of: close) {
            out += rest[..<start]
            let number = rest[rest.index(after: start)..<end]
            if let index = Int(number), index < spans.count {
                out += "$" + spans[index].tex + "$"
            } else if !number.isEmpty {
                out += rest[start...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}

extension MathProtection {
    /// `text` (plain, e.g. a figure caption) as HTML, its `$…$` math marked up for KaTeX.
    static func html(ofPlainText text: String) -> String {
        let math = MathProtection(text)
        return math.restore(in: HTML.escape(math.text))
    }
}
