/// Pandoc's and Quarto's fenced divs, `::: {.callout-note title="…"}` …
/// `:::`, outside code. Each fence line becomes a one-line HTML comment
/// (an HTML block that ends on its own line, so the Markdown inside still
/// parses and every line keeps its number); a div at the top level becomes
/// a pair of `Block`s, one inside other blocks is turned into its HTML by
/// `html(…)`. Callouts (`.callout-note`, `-tip`, `-important`, `-warning`,
/// `-caution`) look like GitHub alerts; other classes give a plain `div`.
struct FencedDivs {
    /// The text with fence lines replaced.
    private(set) var text: String
    /// The divs, by number.
    private(set) var divs: [Div] = []
    /// Fences opened and never closed, or closed and never opened.
    private(set) var warnings: [(line: Int, message: String)] = []
    let marker: String

    init(_ source: String, marker: String) {
        self.marker = marker
        let lines = SourceText.lines(source)
        guard Splice.contains(":::", in: source) else { text = source; return }
        var out: [Substring] = []
        var fence: (Character, Int)?
        var open: [Int] = []
        for (i, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if let current = fence {
                if trimmed.first == current.0, trimmed.prefix(while: { $0 == current.0 }).count >= current.1,
                   trimmed.drop(while: { $0 == current.0 }).allSatisfy({ $0 == " " }) { fence = nil }
                out.append(line); continue
            }
            if let c = trimmed.first, c == "`" || c == "~", trimmed.prefix(while: { $0 == c }).count >= 3 {
                fence = (c, trimmed.prefix(while: { $0 == c }).count)
                out.append(line); continue
            }
            guard line.hasPrefix(":::") else { out.append(line); continue }
            let rest = line.drop(while: { $0 == ":" }).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty {
                if open.popLast() != nil {
                    out.append("<!--\(marker):div-close-->")
                } else {
                    warnings.append((i + 1, "a ':::' that closes no div; remove it"))
                    out.append(line)
                }
                continue
            }
            guard let div = Div(attributes: rest, line: i + 1) else { out.append(line); continue }
            open.append(divs.count)
            out.append(Substring("<!--\(marker):div-open:\(divs.count)-->"))
            divs.append(div)
        }
        for _ in open { warnings.append((lines.count, "a '::: {…}' div is never closed; end it with a ':::' line")) }
        text = out.joined(separator: "\n")
    }

    /// The div a fence comment opens (`<!--M:div-open:N-->`), if `html` is one.
    func opened(by html: String) -> Int? {
        let open = "<!--\(marker):div-open:"
        let line = html.hasSuffix("\n") ? String(html.dropLast()) : html
        guard line.hasPrefix(open), line.hasSuffix("-->") else { return nil }
        return Int(line.dropFirst(open.count).dropLast(3)).flatMap { $0 < divs.count ? $0 : nil }
    }

    /// Whether `html` is a fence comment that closes a div.
    func closes(_ html: String) -> Bool {
        html == "<!--\(marker):div-close-->\n" || html == "<!--\(marker):div-close-->"
    }

    /// HTML with the fence comments inside it (divs nested in lists and
    /// quotes) turned into the divs' markup.
    func html(_ html: String) -> String {
        guard !divs.isEmpty else { return html }
        var out = Splice.replacing(in: html, open: "<!--\(marker):div-open:", close: "-->") { index in
            Int(index).flatMap { divs[safe: $0] }?.openingHTML
        }
        out = Splice.replacing(in: out, open: "<!--\(marker):div-close", close: "-->") { _ in "</div>" }
        return out
    }
}

/// A fenced div's attributes: `{.callout-note title="A title"}`,
/// `{.column width="40%"}`, `{.content-visible when-format="revealjs"}`.
public struct Div: Sendable, Equatable {
    /// Its classes, without the dots (`callout-note`, `columns`, `notes`).
    public var classes: [String]
    /// `key="value"` attributes (`title`, `width`, `when-format`, …).
    public var attributes: [String: String]
    /// The line of its opening fence.
    public var line: Int

    /// Reads `{.a .b key="v"}` or the bare `a b` Pandoc allows; nil when it names no class.
    init?(attributes text: String, line: Int) {
        var inner = Substring(text)
        var classes: [String] = []
        var attributes: [String: String] = [:]
        if inner.hasPrefix("{"), inner.hasSuffix("}") {
            inner = inner.dropFirst().dropLast()
            while let match = inner.firstMatch(of: #/([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/#) {
                attributes[String(match.output.1)] = String(match.output.2 ?? match.output.3 ?? match.output.4 ?? "")
                inner.removeSubrange(match.range)
            }
            for word in inner.split(separator: " ") where word.hasPrefix(".") { classes.append(String(word.dropFirst())) }
        } else {
            let words = inner.split(separator: " ")
            guard words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }) else { return nil }
            classes = words.map(String.init)
        }
        guard !classes.isEmpty || !attributes.isEmpty else { return nil }
        self.classes = classes
        self.attributes = attributes
        self.line = line
    }

    /// Its `title="…"` (a callout's heading).
    public var title: String? { attributes["title"] }

    /// Whether the div's content belongs in `format`: Quarto's
    /// `.content-visible` / `.content-hidden` with `when-format` or
    /// `unless-format`, and `.no-slide` (never in the deck).
    public func shows(in format: Format) -> Bool {
        if format == .revealjs, classes.contains("no-slide") { return false }
        func named(_ key: String) -> Bool? { attributes[key].map { Format.matches($0, format) } }
        if classes.contains("content-visible") {
            if let when = named("when-format") { return when }
            if let unless = named("unless-format") { return !unless }
        }
        if classes.contains("content-hidden") {
            if let when = named("when-format") { return !when }
            if let unless = named("unless-format") { return unless }
            return false
        }
        return true
    }

    /// Whether it is one of Quarto's callouts (`.callout-note`, …): its kind.
    var calloutKind: String? {
        classes.first(where: { $0.hasPrefix("callout-") }).map { String($0.dropFirst("callout-".count)) }
            .flatMap { Markdown.alertKinds[$0.uppercased()] != nil ? $0 : nil }
    }

    /// The div's opening tag (and title) on a page.
    var openingHTML: String {
        if let kind = calloutKind, let name = Markdown.alertKinds[kind.uppercased()] {
            return "<div class=\"callout callout-\(kind)\" role=\"note\"><p class=\"callout-title\">\(HTML.escape(title ?? name))</p>"
        }
        var style = ""
        if classes.contains("column"), let width = attributes["width"], width.firstMatch(of: /^[0-9]{1,3}(\.[0-9]+)?(%|px|em)$/) != nil {
            style = " style=\"width: \(width)\""
        }
        return "<div class=\"\(HTML.escape(classes.joined(separator: " ")))\"\(style)>" + (title.map { "<p class=\"div-title\">\(HTML.escape($0))</p>" } ?? "")
    }
}
