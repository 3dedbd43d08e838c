import Foundation

/// The slide deck of a lecture (the `revealjs` format), cut from the same
/// resolved blocks as the page, by Pandoc's rules: a heading of the slide
/// level starts a slide with that heading as its title, a higher heading
/// makes a title slide of its own, `---` starts a slide with no title; the
/// front matter makes the first slide. `. . .` pauses, `::: {.fragment}`,
/// `incremental` lists, `:::: {.columns}` and `::: {.notes}` work as in
/// Quarto. Cells show their results (their code only when the cell, or the
/// format, says `echo: true`). Each slide is measured against 1280×720
/// (`SlideFit`): paragraphs that do not fit, or every paragraph with
/// `notes: prose`, go to the speaker notes; a slide that still does not
/// fit scrolls, with a warning at its line.
struct Deck: FormatRenderer {
    static let format = Format.revealjs
    static let template = "deck"
    var content: String { html }

    /// One slide.
    struct Slide: Equatable {
        /// The title's HTML (`<h2 …>…</h2>`), if it has one.
        var title: String?
        /// The title's words, for warnings.
        var name: String?
        /// The heading's id: the slide's id (`#/id` links to it).
        var id: String?
        /// A slide that goes on with the one before (its title repeated).
        var continued = false
        /// A title slide of a section (a heading above the slide level).
        var isSection = false
        /// The slide's body, in order.
        var items: [Item] = []
        /// Speaker notes (HTML).
        var notes: [String] = []
        /// The line that starts it.
        var line: Int
        /// Set when the body does not fit even without its paragraphs.
        var scrolls = false
    }

    /// A piece of a slide's body.
    struct Item: Equatable {
        var html: String
        /// Its estimated height on a 1280×720 slide, in CSS pixels (`SlideFit`).
        var height: Double
        /// A paragraph of words (it may move to the notes).
        var isParagraph: Bool
        /// A heading below the slide level (it goes with what follows it).
        var isHeading = false
        /// After how many pauses it shows (0: at once).
        var fragment: Int
    }

    private(set) var slides: [Slide] = []
    /// Slides that do not fit, at their lines.
    private(set) var warnings: [LecternError] = []

    /// Cuts `resolved` into slides with the lecture's `revealjs` options.
    init(_ resolved: ResolvedLecture) {
        let lecture = resolved.lecture
        let formats = lecture.formats
        let slideLevel = formats.number(Format.slideLevel, for: .revealjs)
        let incremental = formats.flag(Format.incremental, for: .revealjs)
        let proseToNotes = formats.text(Format.notes, for: .revealjs) == "prose"
        let echoAll = formats.flag(Format.echo, for: .revealjs)

        var slides: [Slide] = []
        var current: Slide?
        // Open divs on the current slide: each collects its items, and
        // becomes one item when it closes.
        var groups: [(div: Div, items: [Item])] = []
        var notesDepth = 0
        var pauses = 0

        func flushGroups() {
            while !groups.isEmpty { closeGroup() }
        }
        func startSlide(title: String?, name: String? = nil, id: String? = nil, line: Int, section: Bool = false) {
            flushGroups()
            if let slide = current { slides.append(slide) }
            current = Slide(title: title, name: name, id: id, isSection: section, line: line)
            pauses = 0
        }
        func add(_ item: Item) {
            if current == nil { current = Slide(title: nil, line: 1) }
            if groups.isEmpty { current!.items.append(item) } else { groups[groups.count - 1].items.append(item) }
        }
        func closeGroup() {
            guard let (div, items) = groups.popLast() else { return }
            let inner = items.map(\.html).joined()
            let height = div.classes.contains("columns")
                ? (items.map(\.height).max() ?? 0)
                : items.reduce(0) { $0 + $1.height } + (div.calloutKind != nil ? SlideFit.calloutChrome : 0)
            var html = div.opening(for: .revealjs) + "\n" + inner + div.closing(for: .revealjs) + "\n"
            if div.classes.contains("incremental") { html = "<div class=\"incremental\">" + html + "</div>\n" }
            add(Item(html: html, height: height, isParagraph: false, fragment: items.first?.fragment ?? pauses))
        }

        for piece in resolved.pieces(for: .revealjs) {
            if notesDepth > 0 {
                switch piece {
                case .divOpen: notesDepth += 1
                case .divClose: notesDepth -= 1; continue
                default: break
                }
                if notesDepth > 0, let html = Self.notesHTML(piece, resolved) {
                    if current == nil { current = Slide(title: nil, line: 1) }
                    current!.notes.append(html)
                }
                continue
            }
            switch piece {
            case .heading(let level, let id, let html, let untagged, let line):
                let name = lecture.headings.first { $0.id == id }?.text
                if groups.contains(where: { $0.div.classes.contains("panel-tabset") }) {
                    // A tab's heading: the tabs read one after another on the slide.
                    add(Item(html: html, height: SlideFit.subheading, isParagraph: false, isHeading: true, fragment: pauses))
                } else if level < slideLevel {
                    startSlide(title: untagged, name: name, id: id, line: line, section: true)
                } else if level == slideLevel {
                    startSlide(title: untagged, name: name, id: id, line: line)
                } else {
                    add(Item(html: html, height: SlideFit.subheading, isParagraph: false, isHeading: true, fragment: pauses))
                }
            case .rule(let line):
                startSlide(title: nil, line: line)
            case .pause:
                pauses += 1
            case .divOpen(let div):
                if div.classes.contains("notes") { notesDepth = 1; continue }
                groups.append((div, []))
            case .divClose:
                closeGroup()
            case .prose(let html, _, let shape, let characters):
                if SlideFit.readsAsProse(shape, characters: characters), proseToNotes {
                    if current == nil { current = Slide(title: nil, line: 1) }
                    current!.notes.append(html)
                    continue
                }
                var body = html
                if incremental, case .list = shape, !groups.contains(where: { $0.div.classes.contains("nonincremental") }) {
                    body = "<div class=\"incremental\">" + html + "</div>\n"
                }
                add(Item(html: body, height: SlideFit.height(of: shape, characters: characters),
                         isParagraph: SlideFit.readsAsProse(shape, characters: characters), fragment: pauses))
            case .cell(let i):
                guard !lecture.noSlideCells.contains(i), let cell = lecture.cells[safe: i] else { continue }
                let explicit = cell.options.values[Options.echo] == .echo(.show)
                let echo = echoAll || explicit
                let result = resolved.result?.cells[safe: i]
                // Each figure or table is a part of its own, so a cell that
                // shows several can go on over more than one slide.
                for part in SlideFit.parts(of: cell, result: result, echo: echo) {
                    let html = resolved.cellHTML(i, for: .revealjs, echo: echo ? .show : .hide, outputs: part.outputs)
                    guard !html.isEmpty else { continue }
                    add(Item(html: html, height: part.height, isParagraph: false, fragment: pauses))
                }
            case .footnotes(let html):
                if current == nil { current = Slide(title: nil, line: 1) }
                current!.notes.append(html)
            case .bibliography(let list):
                // The cited works on a slide of their own (its title is the slide's).
                startSlide(title: "<h2>References</h2>", name: "References", id: "references", line: 0)
                let count = list.components(separatedBy: "<li").count - 1
                add(Item(html: "<div class=\"references\">" + list + "</div>\n", height: Double(count) * 34, isParagraph: false, fragment: pauses))
            }
        }
        flushGroups()
        if let slide = current { slides.append(slide) }

        var fitted: [Slide] = []
        var warnings: [LecternError] = []
        for slide in slides {
            let pieces = Self.fit(slide)
            for piece in pieces where piece.scrolls {
                let name = piece.name.map { "'\($0)'" } ?? "slide \(fitted.count + 2)"
                warnings.append(.warning(file: lecture.path, line: piece.line,
                    "the slide \(name) does not fit 1280×720 (about \(Int(SlideFit.total(piece.items))) px of \(Int(SlideFit.bodyHeight(titled: piece.title != nil)))) and will scroll; make what is on it smaller (fig-height, fewer rows) or leave it to the page with ::: {.content-hidden when-format=\"revealjs\"}"))
            }
            fitted += pieces
        }
        self.warnings = warnings
        slides = fitted
        self.slides = slides
    }

    /// A slide cut to fit 1280×720, in order: a paragraph that does not fit
    /// goes to the notes; anything else that does not fit starts a slide
    /// that goes on with the same title, after the paragraphs before it
    /// have gone to the notes to make room. One item too tall for a slide
    /// of its own makes that slide scroll.
    static func fit(_ slide: Slide) -> [Slide] {
        let budget = SlideFit.bodyHeight(titled: slide.title != nil)
        guard SlideFit.total(slide.items) > budget else { return [slide] }
        var out: [Slide] = []
        var chunk = slide
        chunk.items = []
        chunk.notes = []
        func fits(_ items: [Item]) -> Bool { SlideFit.total(items) <= budget }
        for item in slide.items {
            if fits(chunk.items + [item]) { chunk.items.append(item); continue }
            if item.isParagraph { chunk.notes.append(item.html); continue }
            var moved: [String] = []
            while !fits(chunk.items + [item]), let last = chunk.items.lastIndex(where: \.isParagraph) {
                moved.insert(chunk.items.remove(at: last).html, at: 0)
            }
            chunk.notes = moved + chunk.notes
            if fits(chunk.items + [item]) || chunk.items.isEmpty {
                chunk.items.append(item)
                continue
            }
            // Headings at the end of the full part go on with what they head.
            var carried: [Item] = []
            while let last = chunk.items.last, last.isHeading { carried.insert(chunk.items.removeLast(), at: 0) }
            if chunk.items.isEmpty { chunk.items = carried; carried = [] }
            out.append(chunk)
            chunk = Slide(title: slide.title, name: slide.name, id: nil, continued: true, line: slide.line)
            chunk.items = carried + [item]
        }
        out.append(chunk)
        // The slide's own notes (::: {.notes}) stay with its first part.
        out[0].notes += slide.notes
        for k in out.indices where !fits(out[k].items) { out[k].scrolls = true }
        return out
    }

    /// What a piece inside `::: {.notes}` adds to the notes.
    private static func notesHTML(_ piece: ResolvedLecture.Piece, _ resolved: ResolvedLecture) -> String? {
        switch piece {
        case .prose(let html, _, _, _), .heading(_, _, let html, _, _), .footnotes(let html): html
        case .cell(let i): resolved.cellHTML(i, for: .revealjs, echo: .hide)
        case .divOpen(let div): div.opening(for: .revealjs)
        case .divClose(let div): div.closing(for: .revealjs)
        case .pause, .rule, .bibliography: nil
        }
    }

    /// The slides as reveal.js `<section>`s.
    var html: String {
        slides.map { slide in
            var classes: [String] = []
            if slide.isSection { classes.append("section-title") }
            if slide.continued { classes.append("continued") }
            if slide.scrolls { classes.append("scrollable") }
            let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
            var body = ""
            var open = 0
            for item in slide.items {
                if item.fragment != open {
                    if open > 0 { body += "</div>\n" }
                    if item.fragment > 0 { body += "<div class=\"fragment\">\n" }
                    open = item.fragment
                }
                body += item.html
            }
            if open > 0 { body += "</div>\n" }
            let notes = slide.notes.isEmpty ? "" : "<aside class=\"notes\">\n" + slide.notes.joined() + "</aside>\n"
            let id = slide.id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
            return "<section\(id)\(cls) data-line=\"\(slide.line)\">\n" + (slide.title ?? "") + "<div class=\"slide-body\">\n" + body + "</div>\n" + notes + "</section>\n"
        }.joined()
    }
}
