import Foundation

/// A parsed lecture: its front matter, its cells and inline expressions, and
/// its prose as HTML with placeholders where cell outputs go.
public struct Lecture: Sendable {
    /// The file, relative to the course root (as errors and `#sourceLocation` name it).
    public var path: String
    public var frontMatter: FrontMatter
    public var title: String
    public var cells: [Cell]
    public var inlines: [InlineExpression]
    public var headings: [Heading]
    /// `@fig-…` references in prose, with the line of each.
    public var references: [(label: String, line: Int)]
    /// The prose as HTML; `<!--lectern:cell:N-->`, `<!--lectern:inline:N-->`
    /// and `<!--lectern:ref:LABEL-->` mark where results go.
    public var html: String
    /// The seed of the lecture's generator.
    public var seed: UInt64
    /// The longest the lecture may run, in seconds.
    public var timeout: Double
    /// The most bytes of text all its cells' output keeps together.
    public var outputLimit: Int

    /// The page's file name stem: the lecture's file name without `.md`.
    public var slug: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// Parses `source`, the text of the lecture at `path`.
    public init(source: String, path: String, course: CourseConfig = CourseConfig()) throws {
        self.path = path
        let (matter, body) = try FrontMatter.split(source, file: path)
        frontMatter = matter
        seed = matter.seed ?? Self.defaultSeed(path: path)
        let limits = course.limits.merged(with: matter.limits)
        timeout = limits.timeout ?? 600
        outputLimit = limits.outputLimit ?? ByteCount.defaultLectureLimit
        let defaults = course.execute.merged(with: matter.execute)

        let math = MathProtection(body)
        let markdown = Markdown(math.text)
        var cells: [Cell] = []
        var inlines: [InlineExpression] = []
        var headings: [Heading] = []
        var references: [(String, Int)] = []
        var firstHeading: String?
        var usedIDs = Set<String>()
        var blockLine = 1

        for node in markdown.nodes() {
            if node.line > 0, node.kind != .text, node.kind != .code { blockLine = node.line }
            switch node.kind {
            case .codeBlock(let info):
                guard info.split(separator: " ").first == "swift" else { continue }
                let firstLine = node.line + 1
                let lines = node.literal.split(separator: "\n", omittingEmptySubsequences: false)
                let (options, _) = try CellOptions.parse(lines: lines, firstLine: firstLine, file: path)
                let cell = Cell(index: cells.count, code: node.literal, firstLine: firstLine, options: options,
                                settings: CellSettings(defaults.merged(with: options.execution)))
                cells.append(cell)
                markdown.replace(node, withHTML: "<!--lectern:cell:\(cell.index)-->\n", block: true)
            case .code:
                let literal = node.literal
                guard literal.hasPrefix("{swift}") else { continue }
                let expression = literal.dropFirst("{swift}".count).trimmingCharacters(in: .whitespaces)
                let line = node.line > 0 ? node.line : blockLine
                guard !expression.isEmpty else {
                    throw LecternError(file: path, line: line, "inline '{swift}' has no expression: write `{swift} x` with a value to show")
                }
                let inline = InlineExpression(index: inlines.count, expression: expression, line: line, afterCell: cells.count - 1)
                inlines.append(inline)
                markdown.replace(node, withHTML: "<!--lectern:inline:\(inline.index)-->", block: false)
            case .text:
                let pieces = Self.splitReferences(node.literal)
                guard pieces.count > 1 || pieces.first?.isHTML == true else { continue }
                for piece in pieces where piece.isHTML {
                    let label = piece.text.dropFirst("<!--lectern:ref:".count).dropLast(3)
                    references.append((String(label), node.line > 0 ? node.line : blockLine))
                }
                markdown.split(node, into: pieces)
            case .heading(let level):
                let text = math.restoreAsText(markdown.plainText(of: node))
                if level == 1, firstHeading == nil { firstHeading = text }
                var id = HTML.slug(text)
                var n = 2
                while usedIDs.contains(id) { id = HTML.slug(text) + "-\(n)"; n += 1 }
                usedIDs.insert(id)
                headings.append(Heading(level: level, text: text, id: id))
                markdown.prependHTML("<!--lectern:heading:\(id)-->", to: node)
            case .other:
                continue
            }
        }
        var html = math.restore(in: markdown.html())
        html = Self.attachHeadingIDs(html)
        self.cells = cells
        self.inlines = inlines
        self.headings = headings
        self.references = references
        self.html = html
        title = matter.title ?? firstHeading ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// The default seed: FNV-1a of the lecture's path, so each lecture has its
    /// own stream and a rename is the only thing that changes it.
    static func defaultSeed(path: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash >> 1
    }

    /// Splits text at `@fig-label` and `@tbl-label` references.
    static func splitReferences(_ text: String) -> [(text: String, isHTML: Bool)] {
        guard text.contains("@fig-") || text.contains("@tbl-") else { return [(text, false)] }
        var pieces: [(String, Bool)] = []
        var rest = Substring(text)
        let pattern = #"@(fig|tbl)-[A-Za-z0-9_-]*[A-Za-z0-9]"#
        while let range = rest.range(of: pattern, options: .regularExpression) {
            // An e-mail address is not a reference.
            if range.lowerBound > rest.startIndex, rest[rest.index(before: range.lowerBound)].isLetter || rest[rest.index(before: range.lowerBound)].isNumber {
                pieces.append((String(rest[..<range.upperBound]), false))
                rest = rest[range.upperBound...]
                continue
            }
            pieces.append((String(rest[..<range.lowerBound]), false))
            pieces.append(("<!--lectern:ref:\(rest[range].dropFirst())-->", true))
            rest = rest[range.upperBound...]
        }
        pieces.append((String(rest), false))
        return pieces
    }

    /// `<h2><!--lectern:heading:id-->` → `<h2 id="id">`.
    static func attachHeadingIDs(_ html: String) -> String {
        guard html.contains("<!--lectern:heading:") else { return html }
        var out = ""
        var rest = Substring(html)
        while let marker = rest.range(of: "<!--lectern:heading:") {
            let before = rest[..<marker.lowerBound]
            let end = rest[marker.upperBound...].range(of: "-->")!
            let id = rest[marker.upperBound..<end.lowerBound]
            if before.hasSuffix(">"), let open = before.lastIndex(of: "<"), before[open...].hasPrefix("<h") {
                out += before[..<before.index(before: before.endIndex)] + " id=\"\(id)\">"
            } else {
                out += before
            }
            rest = rest[end.upperBound...]
        }
        return out + rest
    }
}
