import Foundation

/// A parsed lecture: its front matter, its cells and inline expressions, and
/// its prose as HTML with placeholders where cell outputs go.
public struct Lecture: Sendable {
    /// A stretch of prose under one heading.
    public struct Section: Sendable, Equatable {
        public var id: String
        public var title: String
        public var text: String
    }

    /// The file, relative to the course root (as errors and `#sourceLocation` name it).
    public var path: String
    public var frontMatter: FrontMatter
    public var title: String
    public var cells: [Cell]
    public var inlines: [InlineExpression]
    public var headings: [Heading]
    /// `@fig-…`, `@tbl-…`, `@eq-…`, `@sec-…` and `@exr-…` references in prose, with the line of each.
    public var references: [(label: String, line: Int)]
    /// Where its lines came from, when it includes other files (`{{< include >}}`).
    public var sourceMap: SourceMap?
    /// Figures made of images (`![…](…){#fig-…}` and layout divs), by number (`<!--M:figure:N-->`).
    public var imageFigures: [ImageFigure] = []
    /// Markdown tables with a caption (`: Caption {#tbl-x}` after them), by number (`<!--M:table:N-->`).
    public var proseTables: [ProseTable] = []
    /// Citations in prose (`[@key]`, `@key`), by number (`<!--M:cite:N-->`).
    public var citations: [Citation] = []
    /// The bibliography files it cites from: its front matter's, else the course's.
    public var bibliography: [BibliographyFile] = []
    /// How its citations read.
    public var citationStyle = CitationStyle.authorYear
    /// Links and images whose destination is a file of the course (or a
    /// `#fragment`), in order: the page resolves and checks them.
    public var links: [Link]
    /// The formulas of the prose, in order (`<!--M:math:N-->` in `html`).
    public var math: [MathSpan]
    /// Labelled display equations (`$$ … $$ {#eq-…}`), numbered in order.
    public var equations: [(label: String, number: Int, line: Int)] {
        math.compactMap { span in span.label.map { (label: $0, number: span.number ?? 0, line: span.line) } }
    }
    /// The prose's words by section (the text before the first heading has
    /// id ""), math and code blocks left out: what the site's search finds.
    public var sections: [Section]
    /// What is worth saying about the lecture's source that does not stop it
    /// (ignored Quarto keys, a `---` block read as Markdown, Quarto syntax Lectern does not run).
    public var warnings: [LecternError]
    /// Labels given twice (cells, equations, heading ids), at the second one.
    public var duplicateLabels: [LecternError]
    /// The prefix of this lecture's placeholders: `lectern`, lengthened
    /// until the source does not contain it, so prose can never forge one.
    public var marker: String
    /// The lecture's top-level blocks, for every format. Prose holds
    /// `<!--M:inline:N-->`, `<!--M:ref:LABEL-->`, `<!--M:linktext:N-->`,
    /// `<!--M:math:N-->` and `M-link-N` (a link's destination), with M the
    /// `marker`, where results go (and `<!--M:cell:N-->` for a cell inside a list).
    public var blocks: [Block]
    /// The fenced divs, by number (`Block.divOpen`).
    public var divs: [Div]
    /// Cells kept off the deck (```` ```{swift .no-slide} ````).
    public var noSlideCells: Set<Int>
    /// The lines (from 1) of the solutions left out of this lecture (`solutions: false`): the
    /// `.md` a student downloads has them removed.
    public var leftOutLines: Set<Int> = []
    /// The formats the lecture is made in: its `format:` over the course's.
    public var formats: Formats
    /// The prose as one HTML document with its placeholders: the blocks
    /// joined as the page has them (divs open and close, pauses vanish).
    public var html: String {
        blocks.map { block in
            switch block {
            case .prose(let html, _, _, _), .heading(_, _, let html, _, _), .footnotes(let html): html
            case .cell(let i): "<!--\(marker):cell:\(i)-->\n"
            case .divOpen(let i): divs[i].opening(for: .html) + "\n"
            case .divClose(let i, _): divs[i].closing(for: .html) + "\n"
            case .pause: ""
            case .rule: "<hr />\n"
            }
        }.joined()
    }
    /// The seed of the lecture's generator.
    public var seed: UInt64
    /// The lecture's settings: its front matter's over the course's (the
    /// table's `.lecture` options).
    public var settings: OptionValues
    /// The longest the lecture may run, in seconds.
    public var timeout: Double { settings.number(Options.lectureTimeout)! }  // the table gives it a default (600)
    /// The most bytes of text all its cells' output keeps together.
    public var outputLimit: Int { settings.bytes(Options.lectureOutputLimit) }
    /// The lecture-wide values in force that reach the run or the program.
    var signature: String { settings.signature([.lecture], reaching: .runner) }
    /// How the lecture reads `_freeze/` (`execute: {freeze: …}`).
    public var freeze: FreezeUse {
        switch settings.value(Options.freeze) {
        case .text("auto")?: .auto
        case .flag(true)?: .always
        default: .never
        }
    }

    /// The page's file name stem: the lecture's file name without `.md`.
    public var slug: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// The page's path in the site (`lectures/a/intro.md` → `a/intro.html`).
    public var pagePath: String { SitePath.page(for: path) }

    /// Parses `source`, the text of the lecture at `path`.
    public init(source: String, path: String, course: CourseConfig = CourseConfig(), root: URL? = nil) throws {
        self.path = path
        let source = SourceText.normalised(source)
        var (matter, body) = try FrontMatter.split(source, file: path)
        // {{< include … >}}: read from the course when there is one to read from.
        if let root, Splice.contains("{{<", in: body) {
            let (expanded, map) = try Include.expand(body, file: path) { target in
                switch ContainedPath.resolve(target, in: root) {
                case .success(let inside): SourceText.read(root.appendingPathComponent(inside)).map { .success($0) }
                case .failure(let problem): .failure(problem)
                }
            }
            body = expanded
            if !map.files.isEmpty { sourceMap = map }
        }
        frontMatter = matter
        seed = matter.seed ?? Self.defaultSeed(path: ContainedPath.normalise(path) ?? path)
        settings = course.options.merged(with: matter.options)
        formats = course.formats.overridden(by: matter.formats)
        let defaults = course.execute.merged(with: matter.execute)
        if let freeze = defaults[Options.freeze] { settings[Options.freeze] = freeze }

        var marker = "lectern"
        while Splice.contains(marker, in: source) { marker += "_" }
        self.marker = marker

        bibliography = matter.bibliography.isEmpty ? course.bibliography : matter.bibliography
        citationStyle = matter.citationStyle ?? course.citationStyle ?? .authorYear
        let divs = FencedDivs(TableMath.protect(body), marker: marker, solutions: course.solutions)
        leftOutLines = divs.leftOutLines
        let markdown = Markdown(divs.text, mathMarker: marker)
        markdown.makeAlerts()
        var cells: [Cell] = []
        var inlines: [InlineExpression] = []
        var headings: [Heading] = []
        var references: [(String, Int)] = []
        var links: [Link] = []
        var firstHeading: String?
        var usedIDs = Set<String>()
        var labels: [String: Int] = [:]
        var duplicates: [LecternError] = []
        var problems: [LecternError] = []
        var blockLine = 1
        var sections = [Section(id: "", title: "", text: "")]
        var sectionCounters: [Int] = []
        var noSlideCells = Set<Int>()
        var headingIDs: [Int: String] = [:]
        var warnings = matter.warnings + divs.warnings.map { LecternError.warning(file: path, line: $0.line, $0.message) }
        func addWords(_ text: String) {
            sections[sections.count - 1].text += text + " "
        }
        func claim(_ label: String, line: Int) {
            if let first = labels[label] {
                duplicates.append(LecternError(file: path, line: line, "the label '\(label)' is used twice (first at line \(first)); labels name one thing, so rename one"))
            } else {
                labels[label] = line
            }
        }
        var math = markdown.math
        for span in math {
            if let label = span.label { claim(label, line: span.line) }
            if let lost = span.lostEscape() {
                warnings.append(.warning(file: path, line: lost.line, "this formula has a control character where '\(lost.escape)' was meant, so it typesets as '\(lost.command.dropFirst(2))' in italics: a program that wrote the file turned the backslash escape into that character; type '\(lost.command)' again"))
            }
        }
        // Macros carry from formula to formula: the course's, then each page definition to the formulas after it.
        var defined = course.mathMacros
        for i in math.indices {
            math[i].preamble = defined
            defined += MathMacros.definitions(in: math[i].tex)
        }
        for div in divs.divs {
            if let id = div.id { claim(id, line: div.line) }
            for name in div.classes where !Self.divClasses.contains(name) && !course.styleClasses.contains(name) {
                warnings.append(.warning(file: path, line: div.line, "the div class '\(name)' means nothing to Lectern: the div is kept, with its class, but no stylesheet styles it (style it in a file listed under css: in lectern.yml, or remove it)"))
            }
        }

        for node in markdown.nodes() {
            if node.line > 0, node.kind != .text, node.kind != .code { blockLine = node.line }
            switch node.kind {
            case .codeBlock(let info):
                // ```swift, or Quarto's ```{swift}; ```{python} and the like are Quarto cells Lectern cannot run.
                var language = info.split(separator: " ").first.map(String.init) ?? ""
                if language.hasPrefix("{") {
                    language = String(language.dropFirst().prefix(while: { $0.isLetter || $0.isNumber }))
                    if language != "swift" {
                        warnings.append(.warning(file: path, line: node.line, "a {\(language)} cell is shown as code and not run: Lectern runs Swift cells (```swift or ```{swift})"))
                    }
                }
                guard language == "swift" else { continue }
                let firstLine = node.line + 1
                let lines = SourceText.lines(node.literal)
                let options: CellOptions
                do {
                    (options, _) = try CellOptions.parse(lines: lines, firstLine: firstLine, file: path)
                } catch let error as LecternError {
                    // Read on, so that one run reports every bad option.
                    problems.append(error)
                    options = CellOptions()
                }
                let cell = Cell(index: cells.count, code: node.literal, firstLine: firstLine, options: options,
                                settings: CellSettings(defaults.merged(with: options.values)))
                cells.append(cell)
                if info.contains(".no-slide") { noSlideCells.insert(cell.index) }
                if let label = options.label { claim(label, line: firstLine) }
                markdown.replace(node, withHTML: "<!--\(marker):cell:\(cell.index)-->\n", block: true)
            case .code:
                let literal = node.literal
                guard literal.hasPrefix("{swift}") else { addWords(literal); continue }
                let expression = literal.dropFirst("{swift}".count).trimmingCharacters(in: .whitespaces)
                let line = node.line > 0 ? node.line : blockLine
                guard !expression.isEmpty else {
                    problems.append(LecternError(file: path, line: line, "inline '{swift}' has no expression: write `{swift} x` with a value to show"))
                    continue
                }
                let inline = InlineExpression(index: inlines.count, expression: expression, line: line, afterCell: cells.count - 1)
                inlines.append(inline)
                markdown.replace(node, withHTML: "<!--\(marker):inline:\(inline.index)-->", block: false)
            case .text:
                let words = markdown.literal(of: node)
                addWords(words)
                let line = node.line > 0 ? node.line : blockLine
                if Splice.contains("{", in: words), !markdown.followsImage(node),
                   words.firstMatch(of: /\]?\{(?:[#.][A-Za-z]|[A-Za-z][A-Za-z0-9_-]*=)[^{}]*\}/) != nil, !words.hasPrefix("{{"),
                   !words.hasPrefix(": "), !words.hasPrefix("Table: ") {  // a table's caption reads its {#tbl-…}
                    warnings.append(.warning(file: path, line: line, "Pandoc attributes ({#id .class key=value}) are read on headings, fenced divs and images only; here they show as text, so remove them"))
                }
                if Splice.contains("{{<", in: words), words.firstMatch(of: /\{\{<\s*video\s/) == nil {
                    warnings.append(.warning(file: path, line: line, "Quarto shortcodes ({{< … >}}) are not run by Lectern and show as text; copy the included text in, or remove it"))
                }
                var pieces: [(text: String, isHTML: Bool)] = []
                let cited = Citation.split(node.literal, narrative: !bibliography.isEmpty, line: line, first: citations.count,
                                           referenceKinds: Self.referenceKinds) { "<!--\(marker):cite:\($0)-->" }
                citations += cited.citations
                for piece in cited.pieces {
                    if piece.isHTML { pieces.append(piece) } else { pieces += Self.splitReferences(piece.text, marker: marker) }
                }
                guard pieces.count > 1 || pieces.first?.isHTML == true else { continue }
                for piece in pieces where piece.isHTML && piece.text.hasPrefix("<!--\(marker):ref:") {
                    let label = piece.text.dropFirst("<!--\(marker):ref:".count).dropLast(3)
                    references.append((String(label), node.line > 0 ? node.line : blockLine))
                }
                markdown.split(node, into: pieces)
            case .link(let url, let image):
                guard let link = Link(destination: url, image: image, line: node.line > 0 ? node.line : blockLine,
                                      index: links.count, emptyText: markdown.isEmpty(node)) else { continue }
                links.append(link)
                if !link.isFragment { markdown.setURL(node, "\(marker)-link-\(link.index)") }
                if link.emptyText, !image { markdown.prependHTML("<!--\(marker):linktext:\(link.index)-->", to: node) }
            case .heading(let level):
                var explicitID: String?
                if let last = markdown.lastText(of: node), let (kept, id) = Self.headingAttribute(last.literal) {
                    markdown.setLiteral(last, kept)
                    explicitID = id
                }
                let text = markdown.plainText(of: node) { html in
                    Self.mathIndex(html, marker: marker).map { "$" + math[$0].tex + "$" } ?? ""
                }.trimmingCharacters(in: .whitespaces)
                if level == 1, firstHeading == nil { firstHeading = text }
                var id = explicitID ?? HTML.slug(text)
                if let explicitID {
                    claim(explicitID, line: node.line)
                } else {
                    var n = 2
                    while usedIDs.contains(id) || labels[id] != nil { id = HTML.slug(text) + "-\(n)"; n += 1 }
                }
                usedIDs.insert(id)
                var number: String?
                if settings.flag(Options.numberSections), level >= 2 {
                    let depth = level - 2
                    if sectionCounters.count <= depth { sectionCounters += Array(repeating: 0, count: depth + 1 - sectionCounters.count) }
                    sectionCounters[depth] += 1
                    sectionCounters.removeSubrange((depth + 1)...)
                    number = sectionCounters.map(String.init).joined(separator: ".")
                    markdown.prependHTML("<span class=\"section-number\">\(number!)</span> ", to: node)
                }
                let tab = divs.divs.contains { $0.classes.contains("panel-tabset") && $0.line < node.line && (node.line < $0.closeLine || $0.closeLine == 0) }
                headings.append(Heading(level: level, text: text, id: id, number: number, inTabset: tab))
                headingIDs[node.line] = id
                sections.append(Section(id: id, title: text, text: ""))
                markdown.prependHTML("<!--\(marker):heading:\(id)-->", to: node)
            case .other:
                continue
            }
        }
        var blocks: [Block] = []
        var proseTables: [ProseTable] = []
        var imageFigures: [ImageFigure] = []
        var divList = divs.divs
        var openDivs: [Int] = []
        /// The layout figure div the next block is directly inside, if any.
        var layout: Int? { openDivs.last.flatMap { divList[$0].isLayoutFigure ? $0 : nil } }
        for block in markdown.blocks() {
            switch block.kind {
            case .html where Media.iframeSource(block.html) != nil:
                let source = Media.iframeSource(block.html)!
                if let player = Media.player(source) {
                    let title = block.html.firstMatch(of: /title="([^"]*)"/).map { String($0.output.1) } ?? "Video"
                    blocks.append(.prose(html: Media.embed(player, title: title), line: block.line, shape: .visual, characters: 0))
                } else {
                    warnings.append(.warning(file: path, line: block.line, "this <iframe> is shown as text: only YouTube and Vimeo players are embedded (write {{< video URL >}}), so a page cannot load another site's script"))
                    blocks.append(.prose(html: divs.html(block.html), line: block.line, shape: .other, characters: block.characters))
                }
            case .html:
                if let i = divs.opened(by: block.html) {
                    openDivs.append(i)
                    blocks.append(.divOpen(i))
                    if divList[i].isLayoutFigure, let id = divList[i].id {
                        divList[i].number = imageFigures.count
                        imageFigures.append(ImageFigure(label: id, line: divList[i].line))
                        // The caption comes from the div's prose; the number is its placeholder.
                        divList[i].caption = "<!--\(marker):figure:\(imageFigures.count - 1)-->"
                    }
                    continue
                }
                if let i = divs.closed(by: block.html) {
                    if openDivs.last == i { openDivs.removeLast() }
                    if divList[i].isLayoutFigure, let grid = ImageFigure.grid(divList[i].attributes, images: divList[i].subfigures) {
                        divList[i].gridColumns = grid.columns
                    }
                    blocks.append(.divClose(i, line: block.line))
                    continue
                }
                if let i = Self.cellIndex(block.html, marker: marker) { blocks.append(.cell(i)); continue }
                blocks.append(.prose(html: divs.html(block.html), line: block.line, shape: .other, characters: block.characters))
            case .heading(let level):
                let html = divs.html(block.html)
                blocks.append(.heading(level: level, id: headingIDs[block.line] ?? "", html: Self.attachHeadingIDs(html, marker: marker),
                                       untagged: Splice.replacing(in: html, open: "><!--\(marker):heading:", close: "-->") { _ in ">" }, line: block.line))
            case .paragraph where block.text.trimmingCharacters(in: .whitespaces) == ". . .":
                blocks.append(.pause(line: block.line))
            case .paragraph where Self.tableCaption(block.html) != nil && blocks.last.map(Self.isTable) == true:
                // Pandoc's table caption, the paragraph after a pipe table: ": Caption {#tbl-x}".
                let (caption, label) = Self.tableCaption(block.html)!
                guard case .prose(let html, let line, let shape, let characters) = blocks.removeLast() else { break }
                let number = proseTables.count
                proseTables.append(ProseTable(label: label, line: block.line))
                if let label { claim(label, line: block.line) }
                let id = label.map { " id=\"\(HTML.escape($0))\"" } ?? ""
                let captioned = html.replacingOccurrences(of: "<table>", with: "<table\(id)><caption><!--\(marker):table:\(number)-->\(caption)</caption>")
                blocks.append(.prose(html: captioned, line: line, shape: shape, characters: characters + block.characters))
            case .paragraph where Media.videoShortcode(block.html) != nil:
                let url = Media.videoShortcode(block.html)!
                if let player = Media.player(url) {
                    blocks.append(.prose(html: Media.embed(player, title: "Video"), line: block.line, shape: .visual, characters: 0))
                } else if Media.isVideoFile(url), let link = Link(destination: url, image: true, line: block.line, index: links.count, emptyText: false) {
                    links.append(link)
                    blocks.append(.prose(html: Media.video(src: "\(marker)-link-\(link.index)"), line: block.line, shape: .visual, characters: 0))
                } else {
                    warnings.append(.warning(file: path, line: block.line, "the video '\(url)' is not embedded: Lectern embeds YouTube and Vimeo players and the course's own .mp4, .webm and .ogv files; link to it instead"))
                    blocks.append(.prose(html: divs.html(block.html), line: block.line, shape: block.shape, characters: block.characters))
                }
            case .paragraph where layout != nil:
                // Inside a layout figure: an image is a sub-figure, other prose the caption.
                let i = layout!
                if let (img, alt, attributes) = ImageFigure.parse(paragraph: block.html) {
                    let letter = String(UnicodeScalar(UInt8(97 + min(divList[i].subfigures, 25))))
                    let id = (divList[i].id ?? "fig") + "-" + letter
                    let attrs = attributes.flatMap { Div(attributes: $0, line: block.line) }
                    claim(id, line: block.line)
                    let span = ImageFigure.grid(divList[i].attributes, images: divList[i].subfigures + 1)?.spans[safe: divList[i].subfigures] ?? 1
                    let style = span > 1 ? " style=\"grid-column: span \(span)\"" : ""
                    let sized = ImageFigure.sized(img, alt: attrs?.attributes["fig-alt"], attributes: attrs?.attributes ?? [:])
                    let caption = "(\(letter))" + (alt.isEmpty ? "" : " " + alt)
                    imageFigures[divList[i].number ?? 0].subfigures.append(id)
                    divList[i].subfigures += 1
                    blocks.append(.prose(html: "<figure class=\"subfigure\" id=\"\(HTML.escape(id))\"\(style)>\(sized)<figcaption>\(caption)</figcaption></figure>\n",
                                         line: block.line, shape: .visual, characters: block.characters))
                } else {
                    let text = block.html.trimmingCharacters(in: .whitespacesAndNewlines)
                    let inner = text.hasPrefix("<p>") && text.hasSuffix("</p>") ? String(text.dropFirst(3).dropLast(4)) : text
                    divList[i].caption = (divList[i].caption ?? "") + (divList[i].caption?.hasSuffix("-->") == true ? "" : " ") + inner
                }
            case .paragraph where ImageFigure.parse(paragraph: block.html)?.attributes != nil:
                // ![Caption](img.png){#fig-x width=60%}: a captioned figure, numbered when its id is fig-….
                let (img, alt, attributes) = ImageFigure.parse(paragraph: block.html)!
                guard let attrs = Div(attributes: attributes!, line: block.line) else { fallthrough }
                let numbered = attrs.id?.hasPrefix("fig-") == true
                var caption = alt
                if numbered {
                    claim(attrs.id!, line: block.line)
                    caption = "<!--\(marker):figure:\(imageFigures.count)-->" + alt
                    imageFigures.append(ImageFigure(label: attrs.id, line: block.line))
                }
                let id = attrs.id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
                let sized = ImageFigure.sized(img, alt: attrs.attributes["fig-alt"], attributes: attrs.attributes)
                let captionHTML = caption.isEmpty ? "" : "<figcaption>\(caption)</figcaption>"
                blocks.append(.prose(html: "<figure class=\"image-figure\"\(id)>\(sized)\(captionHTML)</figure>\n",
                                     line: block.line, shape: .visual, characters: block.characters))
            case .paragraph:
                blocks.append(.prose(html: divs.html(block.html), line: block.line, shape: block.shape, characters: block.characters))
            case .rule:
                blocks.append(.rule(line: block.line))
            case .footnotes:
                blocks.append(.footnotes(html: divs.html(block.html)))
            case .other:
                blocks.append(.prose(html: Self.attachHeadingIDs(divs.html(block.html), marker: marker), line: block.line,
                                     shape: block.shape, characters: block.characters))
            }
        }
        self.blocks = blocks
        self.proseTables = proseTables
        self.imageFigures = imageFigures
        self.divs = divList
        self.noSlideCells = noSlideCells
        self.cells = cells
        self.inlines = inlines
        self.headings = headings
        self.references = references
        self.links = links
        self.math = math
        self.duplicateLabels = duplicates
        problems += Self.forwardReads(inlines, cells: cells, path: path)
        let map = sourceMap
        problems = problems.map { Self.locate($0, in: map, path: path) }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw LecternErrors(all: problems) }
        var said = Set<String>()
        self.warnings = warnings.map { Self.locate($0, in: map, path: path) }.filter { said.insert($0.description).inserted }
        self.sections = sections.map { section in
            var section = section
            section.text = Lecture.collapsingWhitespace(section.text)
            return section
        }
        title = matter.title ?? firstHeading ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// A paragraph's caption text (HTML) and label when it is Pandoc's table caption: `<p>: Text {#tbl-x}</p>`.
    static func tableCaption(_ html: String) -> (String, String?)? {
        guard html.hasPrefix("<p>: ") || html.hasPrefix("<p>Table: ") else { return nil }
        var text = html.hasPrefix("<p>: ") ? String(html.dropFirst(5)) : String(html.dropFirst(10))
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasSuffix("</p>") else { return nil }
        text = String(text.dropLast(4)).trimmingCharacters(in: .whitespaces)
        var label: String?
        if let match = text.firstMatch(of: /\s*\{#(tbl-[A-Za-z0-9_-]+)\}$/) {
            label = String(match.output.1)
            text = String(text[..<match.range.lowerBound])
        }
        return (text, label)
    }

    static func isTable(_ block: Block) -> Bool {
        if case .prose(_, _, .table, _) = block { return true }
        return false
    }

    /// `error` at the file and line its lecture line came from (an included
    /// file's own line); unchanged for a lecture that includes nothing.
    public func locate(_ error: LecternError) -> LecternError {
        Self.locate(error, in: sourceMap, path: path)
    }

    private static func locate(_ error: LecternError, in sourceMap: SourceMap?, path: String) -> LecternError {
        guard let sourceMap, error.file == path, let line = error.line else { return error }
        let origin = sourceMap.origin(of: line, path: path)
        var moved = error
        moved.file = origin.file
        moved.line = origin.line
        return moved
    }

    /// The fenced-div classes Lectern gives a meaning to.
    static let divClasses: Set<String> = [
        "callout-note", "callout-tip", "callout-important", "callout-warning", "callout-caution",
        "columns", "column", "notes", "incremental", "nonincremental", "content-visible", "content-hidden", "no-slide",
        "exercise", "solution", "panel-tabset",
    ]

    /// The default seed: FNV-1a of the lecture's course path (normalised, so
    /// `./lectures/r.md` and `lectures/r.md` agree), so each lecture has its
    /// own stream and a rename is the only thing that changes it.
    static func defaultSeed(path: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash >> 1
    }

    /// The kinds of label a reference can name.
    static let referenceKinds = ["fig", "tbl", "eq", "sec", "exr"]

    /// Splits text at `@fig-label`, `@tbl-label`, `@eq-label` and `@sec-label` references.
    static func splitReferences(_ text: String, marker: String) -> [(text: String, isHTML: Bool)] {
        guard Splice.contains("@", in: text), referenceKinds.contains(where: { Splice.contains("@\($0)-", in: text) }) else { return [(text, false)] }
        var pieces: [(String, Bool)] = []
        var rest = Substring(text)
        let pattern = #"@(fig|tbl|eq|sec|exr)-[A-Za-z0-9_-]*[A-Za-z0-9]"#
        while let range = rest.range(of: pattern, options: .regularExpression) {
            // An e-mail address is not a reference.
            if range.lowerBound > rest.startIndex, rest[rest.index(before: range.lowerBound)].isLetter || rest[rest.index(before: range.lowerBound)].isNumber {
                pieces.append((String(rest[..<range.upperBound]), false))
                rest = rest[range.upperBound...]
                continue
            }
            pieces.append((String(rest[..<range.lowerBound]), false))
            pieces.append(("<!--\(marker):ref:\(rest[range].dropFirst())-->", true))
            rest = rest[range.upperBound...]
        }
        pieces.append((String(rest), false))
        return pieces
    }

    /// N of a cell's placeholder block `<!--M:cell:N-->`.
    static func cellIndex(_ html: String, marker: String) -> Int? {
        let open = "<!--\(marker):cell:"
        let line = html.trimmingCharacters(in: .newlines)
        guard line.hasPrefix(open), line.hasSuffix("-->") else { return nil }
        return Int(line.dropFirst(open.count).dropLast(3))
    }

    /// N of a math placeholder `<!--M:math:N-->`.
    static func mathIndex(_ html: String, marker: String) -> Int? {
        let open = "<!--\(marker):math:"
        guard html.hasPrefix(open), html.hasSuffix("-->") else { return nil }
        return Int(html.dropFirst(open.count).dropLast(3))
    }

    /// A heading's trailing `{#id}` attribute (Pandoc and Quarto; classes
    /// such as `.unnumbered` may follow the id and are dropped): the text
    /// without it, and the id.
    static func headingAttribute(_ text: String) -> (String, String)? {
        guard Splice.contains("{#", in: text), let match = text.firstMatch(of: #/\s*\{#([A-Za-z][A-Za-z0-9_:.-]*)((?:\s+\.[A-Za-z][A-Za-z0-9_-]*)*)\s*\}\s*$/#) else { return nil }
        return (String(text[..<match.range.lowerBound]), String(match.output.1))
    }

    /// `<h2><!--M:heading:id-->` → `<h2 id="id">` (the marker is always the
    /// heading's first child, right after its tag).
    static func attachHeadingIDs(_ html: String, marker: String) -> String {
        Splice.replacing(in: html, open: "><!--\(marker):heading:", close: "-->") { " id=\"\($0)\">" }
    }
}

extension Lecture {
    /// `text` with every run of white space (ASCII, and the no-break and
    /// other Unicode spaces) made one space, and none at the ends: a scan of
    /// the bytes, since splitting by `Character` was a tenth of an unchanged
    /// re-render.
    static func collapsingWhitespace(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var gap = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                gap = !out.isEmpty
                continue
            }
            if gap { out.append(0x20); gap = false }
            if scalar.isASCII { out.append(UInt8(scalar.value)) } else { out.append(contentsOf: String(scalar).utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Lecture {
    /// Inline expressions that read a global (`let`/`var`) only a later cell
    /// declares. An inline value is computed where it stands, so such a read
    /// meets a global not yet set, and the program crashes in the cell
    /// before it: said here instead, at the sentence.
    static func forwardReads(_ inlines: [InlineExpression], cells: [Cell], path: String) -> [LecternError] {
        guard !inlines.isEmpty else { return [] }
        // Each global's first cell: an inline after it reads it set.
        var firstSetter: [String: Int] = [:]
        for (k, cell) in cells.enumerated() {
            for name in CellNames(cell.code).globals where firstSetter[name] == nil { firstSetter[name] = k }
        }
        return inlines.compactMap { inline in
            let early = CellNames(inline.expression).mentioned
                .compactMap { name in firstSetter[name].map { (cell: $0, name: name) } }
                .filter { $0.cell > inline.afterCell }
                .min { ($0.cell, $0.name) < ($1.cell, $1.name) }
            guard let early else { return nil }
            return LecternError(file: path, line: inline.line, "`{swift} \(inline.expression)` reads '\(early.name)', which the cell at line \(cells[early.cell].firstLine) sets; an inline value is computed where it stands, before that cell runs: move the sentence below that cell")
        }
    }
}


/// How a lecture reads its frozen results (`execute: {freeze: …}`).
public enum FreezeUse: Sendable {
    /// `false` (the default): the frozen folder is not read.
    case never
    /// `auto`: read while the cells, options, seed and inputs are those frozen.
    case auto
    /// `true`: read even when they changed (a stale entry says so).
    case always
}

extension Lecture {
    /// The lecture at `path` (relative to `course`), parsed for its text
    /// alone (no cell runs), or nil when it cannot be read or parsed.
    static func parsed(_ path: String, in course: Course) -> Lecture? {
        SourceText.read(course.root.appendingPathComponent(path)).flatMap { parsed($0, path: path, in: course) }
    }

    /// `source`, the text of the lecture at `path`, parsed for its text alone, or nil when it does not parse.
    static func parsed(_ source: String, path: String, in course: Course) -> Lecture? {
        try? Lecture(source: source, path: path, course: course.config, root: course.root)
    }
}
