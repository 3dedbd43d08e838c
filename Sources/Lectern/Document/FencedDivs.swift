/// Pandoc's and Quarto's fenced divs, `::: {.callout-note title="…"}` …
/// `:::`, outside code. Each fence line becomes a one-line HTML comment
/// (an HTML block that ends on its own line, so the Markdown inside still
/// parses and every line keeps its number); a div at the top level becomes
/// a pair of `Block`s, one inside other blocks is turned into its HTML by
/// `html(…)`. Callouts (`.callout-note`, `-tip`, `-important`, `-warning`,
/// `-caution`) look like GitHub alerts (with `collapse="true"` or `"false"`,
/// a `<details>` shut or open); `.exercise` divs are numbered in order
/// ("Exercise 3", `{#exr-…}` to refer to one); a `.solution` is a `<details>`
/// under the exercise before it, and a lecture parsed without solutions
/// (`solutions: false`) has each `.solution` div blanked out of its text
/// before anything reads it (its cells, prose, math, figures and words are
/// never seen), lines kept; other classes give a plain `div`.
struct FencedDivs {
    /// The text with fence lines replaced.
    private(set) var text: String
    /// The divs, by number.
    private(set) var divs: [Div] = []
    /// Fences opened and never closed, or closed and never opened.
    private(set) var warnings: [(line: Int, message: String)] = []
    let marker: String
    /// The lines (from 1) of the `.solution` divs left out (`solutions: false`).
    private(set) var leftOutLines: Set<Int> = []

    init(_ source: String, marker: String, solutions: Bool = true) {
        self.marker = marker
        let lines = SourceText.lines(source)
        guard Splice.contains(":::", in: source) else { text = source; return }
        var out: [Substring] = []
        var fence: (Character, Int)?
        var open: [Int] = []
        var exercises = 0
        /// How deep inside a left-out solution this line is (0: not in one).
        var leftOut = 0
        for (i, line) in lines.enumerated() {
            // Code fences first: nothing inside one is a div fence.
            let trimmed = line.drop(while: { $0 == " " })
            var inCode = true
            if let current = fence {
                if trimmed.first == current.0, trimmed.prefix(while: { $0 == current.0 }).count >= current.1,
                   trimmed.drop(while: { $0 == current.0 }).allSatisfy({ $0 == " " }) { fence = nil }
            } else if let c = trimmed.first, c == "`" || c == "~", trimmed.prefix(while: { $0 == c }).count >= 3 {
                fence = (c, trimmed.prefix(while: { $0 == c }).count)
            } else {
                inCode = false
            }
            /// What follows the colons of a div fence line.
            let rest = !inCode && line.hasPrefix(":::") ? line.drop(while: { $0 == ":" }).trimmingCharacters(in: .whitespaces) : nil
            if leftOut > 0 || (!solutions && rest.flatMap({ Div(attributes: $0, line: i + 1) })?.classes.contains("solution") == true) {
                // A solution left out, fences and all: blank lines, counting nested divs to find its end.
                if let rest { leftOut += rest.isEmpty ? -1 : Div(attributes: rest, line: i + 1) != nil ? 1 : 0 }
                out.append("")
                leftOutLines.insert(i + 1)
                continue
            }
            guard let rest else { out.append(line); continue }
            if rest.isEmpty {
                if let closed = open.popLast() {
                    divs[closed].closeLine = i + 1
                    out.append(Substring("<!--\(marker):div-close:\(closed)-->"))
                } else {
                    warnings.append((i + 1, "a ':::' that closes no div; remove it"))
                    out.append(line)
                }
                continue
            }
            guard var div = Div(attributes: rest, line: i + 1) else { out.append(line); continue }
            if div.classes.contains("exercise") {
                exercises += 1
                div.number = exercises
            } else if div.classes.contains("solution"), exercises > 0 {
                div.number = exercises
            }
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

    /// The div a fence comment closes (`<!--M:div-close:N-->`), if `html` is one.
    func closed(by html: String) -> Int? {
        let close = "<!--\(marker):div-close:"
        let line = html.hasSuffix("\n") ? String(html.dropLast()) : html
        guard line.hasPrefix(close), line.hasSuffix("-->") else { return nil }
        return Int(line.dropFirst(close.count).dropLast(3)).flatMap { $0 < divs.count ? $0 : nil }
    }

    /// HTML with the fence comments inside it (divs nested in lists and
    /// quotes) turned into the divs' markup.
    func html(_ html: String) -> String {
        guard !divs.isEmpty else { return html }
        var out = Splice.replacing(in: html, open: "<!--\(marker):div-open:", close: "-->") { index in
            Int(index).flatMap { divs[safe: $0] }?.opening(for: .html)
        }
        out = Splice.replacing(in: out, open: "<!--\(marker):div-close:", close: "-->") { index in
            Int(index).flatMap { divs[safe: $0] }?.closing(for: .html) ?? "</div>"
        }
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
    /// Its `#id` (`{#exr-mean .exercise}`), if any.
    public var id: String?
    /// The line of its opening fence.
    public var line: Int
    /// The line of its closing fence (0 when it is never closed).
    public var closeLine = 0
    /// An exercise's number; a solution's, the number of the exercise it
    /// follows; a layout figure's index among the lecture's image figures.
    public var number: Int?
    /// A layout figure's caption (HTML with placeholders), shown under its grid.
    public var caption: String?
    /// A layout figure's sub-figures so far, and its grid's columns.
    public var subfigures = 0
    public var gridColumns = 1

    /// `::: {#fig-x layout-ncol=2}` (or `layout`, `layout-nrow`): images side by side as one figure.
    public var isLayoutFigure: Bool {
        id?.hasPrefix("fig-") == true && (attributes["layout-ncol"] != nil || attributes["layout-nrow"] != nil || attributes["layout"] != nil)
    }

    /// Reads `{.a .b key="v"}` or the bare `a b` Pandoc allows; nil when it names no class.
    init?(attributes text: String, line: Int) {
        var inner = Substring(text)
        var classes: [String] = []
        var attributes: [String: String] = [:]
        var id: String?
        if inner.hasPrefix("{"), inner.hasSuffix("}") {
            inner = inner.dropFirst().dropLast()
            while let match = inner.firstMatch(of: #/([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/#) {
                attributes[String(match.output.1)] = String(match.output.2 ?? match.output.3 ?? match.output.4 ?? "")
                inner.removeSubrange(match.range)
            }
            for word in inner.split(separator: " ") {
                if word.hasPrefix(".") { classes.append(String(word.dropFirst())) }
                if word.hasPrefix("#"), word.count > 1, word.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }) {
                    id = String(word.dropFirst())
                }
            }
        } else {
            let words = inner.split(separator: " ")
            guard words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }) else { return nil }
            classes = words.map(String.init)
        }
        guard !classes.isEmpty || !attributes.isEmpty || id != nil else { return nil }
        self.classes = classes
        self.attributes = attributes
        self.id = id
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

    /// Whether a callout folds (`collapse="true"` shut, `"false"` open): a `<details>` on a page.
    var collapse: Bool? {
        guard calloutKind != nil, let value = attributes["collapse"]?.lowercased() else { return nil }
        return value == "true" ? true : value == "false" ? false : nil
    }

    /// "Exercise 3", and its title after a colon when it has one.
    var exerciseHeading: String? {
        guard classes.contains("exercise"), let number else { return nil }
        return "Exercise\u{A0}\(number)" + (title.map { ": " + $0 } ?? "")
    }

    /// What a solution's summary says: "Solution to Exercise 3", or "Solution".
    var solutionHeading: String { number.map { "Solution to Exercise\u{A0}\($0)" } ?? "Solution" }

    /// The div's opening tag (and title) in `format`: a page folds what
    /// folds (`<details>`); the handout and the slides show it open.
    func opening(for format: Format) -> String {
        let anchor = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        if let kind = calloutKind, let name = Markdown.alertKinds[kind.uppercased()] {
            let heading = HTML.escape(title ?? name)
            if let collapse, format == .html {
                return "<details class=\"callout callout-\(kind)\"\(anchor)\(collapse ? "" : " open")><summary class=\"callout-title\">\(heading)</summary>"
            }
            return "<div class=\"callout callout-\(kind)\"\(anchor) role=\"note\"><p class=\"callout-title\">\(heading)</p>"
        }
        if isLayoutFigure {
            return "<figure class=\"layout-figure\"\(anchor)><div class=\"layout-grid\" style=\"--layout-columns: \(gridColumns)\">"
        }
        if let heading = exerciseHeading {
            return "<div class=\"exercise\"\(anchor)><p class=\"exercise-title\">\(HTML.escape(heading))</p>"
        }
        if classes.contains("solution") {
            if format == .html {
                return "<details class=\"solution\"\(anchor)><summary class=\"solution-title\">\(HTML.escape(solutionHeading))</summary>"
            }
            return "<div class=\"solution\"\(anchor)><p class=\"solution-title\">\(HTML.escape(solutionHeading))</p>"
        }
        var style = ""
        if classes.contains("column"), let width = attributes["width"], width.firstMatch(of: /^[0-9]{1,3}(\.[0-9]+)?(%|px|em)$/) != nil {
            style = " style=\"width: \(width)\""
        }
        return "<div class=\"\(HTML.escape(classes.joined(separator: " ")))\"\(anchor)\(style)>" + (title.map { "<p class=\"div-title\">\(HTML.escape($0))</p>" } ?? "")
    }

    /// The div's closing tag in `format` (as `opening(for:)` opened it).
    func closing(for format: Format) -> String {
        if isLayoutFigure {
            var text = caption ?? ""
            if text.hasSuffix(": ") { text.removeLast(2) }  // a number with no caption after it
            return "</div><figcaption>\(text)</figcaption></figure>"
        }
        return format == .html && (collapse != nil || (classes.contains("solution") && calloutKind == nil)) ? "</details>" : "</div>"
    }
}
