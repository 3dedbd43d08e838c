/// Pandoc's and Quarto's fenced divs, `::: {.callout-note title="…"}` …
/// `:::`, outside code. Each fence line becomes a one-line HTML comment
/// (an HTML block that ends on its own line, so the Markdown inside still
/// parses and every line keeps its number); `html(…)` turns the comments into
/// the boxes. Callouts (`.callout-note`, `-tip`, `-important`, `-warning`,
/// `-caution`) look like GitHub alerts; other classes give a plain `div`.
struct FencedDivs {
    /// The text with fence lines replaced.
    private(set) var text: String
    /// The divs' classes and titles, by number.
    private(set) var divs: [(classes: [String], title: String?)] = []
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
            let (classes, title) = Self.attributes(rest)
            guard !classes.isEmpty else { out.append(line); continue }
            open.append(divs.count)
            out.append(Substring("<!--\(marker):div-open:\(divs.count)-->"))
            divs.append((classes, title))
        }
        for _ in open { warnings.append((lines.count, "a '::: {…}' div is never closed; end it with a ':::' line")) }
        text = out.joined(separator: "\n")
    }

    /// `{.callout-note title="A title"}` or `callout-note` → classes and title.
    static func attributes(_ text: String) -> ([String], String?) {
        var inner = Substring(text)
        if inner.hasPrefix("{"), inner.hasSuffix("}") { inner = inner.dropFirst().dropLast() } else {
            return (inner.split(separator: " ").allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }
                    ? inner.split(separator: " ").map(String.init) : [], nil)
        }
        var classes: [String] = []
        var title: String?
        if let match = inner.firstMatch(of: #/title\s*=\s*"([^"]*)"/#) {
            title = String(match.output.1)
            inner.removeSubrange(match.range)
        }
        for word in inner.split(separator: " ") where word.hasPrefix(".") { classes.append(String(word.dropFirst())) }
        return (classes, title)
    }

    /// The rendered HTML with the fence comments turned into the divs' markup.
    func html(_ html: String) -> String {
        guard !divs.isEmpty else { return html }
        var out = Splice.replacing(in: html, open: "<!--\(marker):div-open:", close: "-->") { index in
            guard let i = Int(index), i < divs.count else { return nil }
            let (classes, title) = divs[i]
            if let kind = classes.first(where: { $0.hasPrefix("callout-") }).map({ String($0.dropFirst("callout-".count)) }),
               let name = Markdown.alertKinds[kind.uppercased()] {
                return "<div class=\"callout callout-\(kind)\" role=\"note\"><p class=\"callout-title\">\(HTML.escape(title ?? name))</p>"
            }
            return "<div class=\"\(HTML.escape(classes.joined(separator: " ")))\">" + (title.map { "<p class=\"div-title\">\(HTML.escape($0))</p>" } ?? "")
        }
        out = Splice.replacing(in: out, open: "<!--\(marker):div-close", close: "-->") { _ in "</div>" }
        return out
    }
}
