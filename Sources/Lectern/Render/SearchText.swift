/// What the search finds on a rendered page, section by section: the text as
/// the reader sees it (inline values as printed, references as "Table 2",
/// captions and table cells), math as readable text (`x̄ₙ`, from KaTeX's TeX
/// annotation), and code apart, so that it ranks below prose.
///
/// Read from the page's HTML after every value is filled in, so a snippet has
/// no holes where a value or a formula was.
enum SearchText {
    /// One section of a page: the text under a heading with an `id`, up to the
    /// next one. The first has no id: the text before the first heading.
    struct Section: Equatable {
        var id = ""
        var title = ""
        var text = ""
        var code = ""
    }

    /// Elements whose text is not part of what a reader reads.
    private static let skipped: Set = ["svg", "script", "style", "button", "template", "noscript"]
    /// Elements whose end separates words.
    private static let blocks: Set = ["p", "li", "td", "th", "tr", "div", "figcaption", "caption", "pre", "blockquote",
                                      "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd"]
    private static let void: Set = ["br", "img", "hr", "input", "meta", "link", "wbr", "col", "source", "area", "embed", "track", "param", "base"]

    /// The sections of the HTML `content` of a page (the lecture's article).
    static func sections(of content: String) -> [Section] {
        var sections = [Section()]
        // Open elements: their name and what their text is for.
        var open: [(name: String, role: Role)] = []
        var annotation = ""
        let html = Array(content.unicodeScalars)
        var i = 0, textStart = 0
        func role() -> Role { open.last?.role ?? .read }
        func flush(_ end: Int) {
            guard textStart < end else { return }
            var text = ""
            text.unicodeScalars.append(contentsOf: html[textStart..<end])
            let decoded = HTML.unescape(text)
            switch role() {
            case .annotation: annotation += decoded
            case .skip, .math: break
            case let other: sections[sections.count - 1][keyPath: target(role: other)] += decoded
            }
        }
        while i < html.count {
            guard html[i] == "<" else { i += 1; continue }
            flush(i)
            // A comment.
            if i + 3 < html.count, html[i + 1] == "!", html[i + 2] == "-", html[i + 3] == "-" {
                var j = i + 4
                while j + 2 < html.count, !(html[j] == "-" && html[j + 1] == "-" && html[j + 2] == ">") { j += 1 }
                i = min(html.count, j + 3); textStart = i
                continue
            }
            var j = i + 1
            var quote: Unicode.Scalar?
            while j < html.count {
                let c = html[j]
                if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == ">" { break }
                j += 1
            }
            var tag = ""
            tag.unicodeScalars.append(contentsOf: html[(i + 1)..<min(j, html.count)])
            i = min(html.count, j + 1); textStart = i
            let closing = tag.hasPrefix("/")
            let name = String((closing ? tag.dropFirst() : Substring(tag)).prefix { $0.isLetter || $0.isNumber }).lowercased()
            guard !name.isEmpty else { continue }
            if closing {
                guard let k = open.lastIndex(where: { $0.name == name }) else { continue }
                let closed = open[k].role
                open.removeSubrange(k...)
                if closed == .annotation {
                    // The formula's TeX, read out, goes where the text around the math goes.
                    let around = open.last(where: { $0.role != .math })?.role
                    sections[sections.count - 1][keyPath: target(role: around)] += MathText.readable(tex: annotation)
                    annotation = ""
                }
                if blocks.contains(name) {
                    // A block's end is a word break, in the field its text went to.
                    sections[sections.count - 1][keyPath: target(role: closed == .heading || closed == .code ? closed : role())] += " "
                }
                continue
            }
            if void.contains(name) || tag.hasSuffix("/") {
                if name == "br" { sections[sections.count - 1].text += " " }
                continue
            }
            let parent = role()
            var mine: Role = parent
            if parent == .skip {
                mine = .skip
            } else if parent == .math {
                mine = name == "annotation" ? .annotation : .math
            } else if skipped.contains(name) || attribute("aria-hidden", in: tag) == "true" || attribute("hidden", in: tag) != nil {
                mine = .skip
            } else if name == "math" {
                mine = .math
            } else if name == "pre", (attribute("class", in: tag) ?? "").split(separator: " ").contains("code") {
                mine = .code
            } else if name.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level),
                      let id = attribute("id", in: tag), parent == .read {
                sections.append(Section(id: id))
                mine = .heading
            }
            open.append((name, mine))
        }
        flush(html.count)
        return sections.map { s in
            Section(id: s.id, title: MathText.collapse(s.title), text: MathText.collapse(s.text), code: MathText.collapse(s.code))
        }
    }

    /// What an element's text is for: read, skipped, code, a heading (the
    /// section's title), MathML (skipped but for its TeX annotation).
    private enum Role { case read, skip, code, heading, math, annotation }

    /// The field of a section that text of `role` goes to.
    private static func target(role: Role?) -> WritableKeyPath<Section, String> {
        switch role {
        case .code: \.code
        case .heading: \.title
        default: \.text
        }
    }

    /// The value of the attribute `name` in a start tag's text, entities decoded.
    static func attribute(_ name: String, in tag: String) -> String? {
        var rest = Substring(tag)
        while let r = rest.range(of: name) {
            let before = rest[..<r.lowerBound].last
            let after = rest[r.upperBound...]
            rest = after
            guard before == " " || before == "\n" || before == "\t" else { continue }
            if after.first == "=" {
                let value = after.dropFirst()
                if let q = value.first, q == "\"" || q == "'" {
                    let body = value.dropFirst()
                    return HTML.unescape(String(body.prefix { $0 != q }))
                }
                return HTML.unescape(String(value.prefix { $0 != " " && $0 != ">" && $0 != "/" }))
            }
            if after.isEmpty || after.first == " " || after.first == "/" { return "" }
        }
        return nil
    }

}
