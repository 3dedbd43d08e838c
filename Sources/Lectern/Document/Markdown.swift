internal import CCmarkGFM
import Foundation

/// A Markdown document parsed by cmark-gfm (CommonMark + GFM tables,
/// strikethrough, autolinks, task lists, footnotes and the tag filter), and
/// math (`$…$`, `$$…$$`) as an inline extension of the parse, with just the edits
/// Lectern needs before it renders the HTML. The only file that calls cmark.
final class Markdown {
    private let parser: OpaquePointer
    private let root: OpaquePointer
    /// GitHub's extensions, its tag filter included (a raw `<title>`,
    /// `<xmp>`, `<script>`, … in prose is shown as text, not obeyed).
    private static let extensions = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
    /// Strikethrough takes `~~two~~` tildes only, so Pandoc's `H~2~O` stays text.
    private static let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// What `nodes()` reports of each node Lectern looks at.
    enum Kind: Equatable {
        case codeBlock(info: String)
        case code
        case text
        case heading(level: Int)
        /// A link or an image, with its destination.
        case link(url: String, image: Bool)
        case other
    }

    struct Node {
        fileprivate let pointer: OpaquePointer
        let kind: Kind
        /// 1-based line in the text given to the parser.
        let line: Int
        /// The text of a code block, code span or text node.
        let literal: String
    }

    /// Registers cmark-gfm's extensions once per process: Debian's
    /// `cmark_gfm_core_extensions_ensure_registered` takes no lock, and
    /// lectures are parsed on several threads. A static's initialiser runs
    /// exactly once, under Swift's own lock.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The formulas found, in order; each is an inline HTML node
    /// `<!--M:math:N-->` in the tree (M the placeholder marker).
    var math: [MathSpan] { mathContext?.spans ?? [] }
    private let mathContext: MathContext?
    private let mathExtension: OpaquePointer?

    /// Parses `text`; with `mathMarker`, `$…$` and `$$…$$` are math (see `MathSpan`).
    init(_ text: String, mathMarker: String? = nil) {
        _ = Self.registered
        let parser = cmark_parser_new(Self.options)!
        for name in Self.extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        if let mathMarker {
            let context = MathContext(marker: mathMarker)
            let ext = Self.mathExtension(context)
            cmark_parser_attach_syntax_extension(parser, ext)
            mathContext = context
            mathExtension = ext
        } else {
            mathContext = nil
            mathExtension = nil
        }
        var bytes = Array(text.utf8)
        self.parser = parser
        Self.parseLock.lock()
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        self.root = cmark_parser_finish(parser)
        Self.parseLock.unlock()
        // "[", "@box1976, p. 3" and "]" come out as three text nodes (a bracket that
        // opened no link); one node per run of text lets citations be read whole.
        cmark_consolidate_text_nodes(root)
    }

    deinit {
        cmark_node_free(root)
        for document in footnoteDocuments { cmark_node_free(document) }
        cmark_parser_free(parser)
        if let mathExtension {
            cmark_syntax_extension_free(cmark_get_default_mem_allocator(), mathExtension)
            if let context = mathContext { Unmanaged.passUnretained(context).release() }
        }
    }

    /// cmark-gfm keeps the special characters of inline extensions (`$` for
    /// math, `~` for strikethrough, `|` for tables) in one process-wide table:
    /// each parse adds its extensions' characters as it processes inlines and
    /// removes them after, so a parse finishing on one thread would take `$`
    /// away from a parse on another mid-paragraph. One parse at a time (a
    /// lecture parses in milliseconds).
    private static let parseLock = NSLock()

    /// What the math extension of one parse collects.
    private final class MathContext {
        let marker: String
        var spans: [MathSpan] = []
        var equations = 0
        init(marker: String) { self.marker = marker }

        /// The formula a placeholder (`<!--M:math:N-->`) stands for.
        func span(_ placeholder: String) -> MathSpan? {
            Lecture.mathIndex(placeholder, marker: marker).flatMap { spans.indices.contains($0) ? spans[$0] : nil }
        }
    }

    /// A cmark-gfm inline extension for `$`: it runs where the inline parser
    /// stands on a `$` in text, so never in code, raw HTML, link
    /// destinations, titles, labels or autolinks, never across blocks, and
    /// with container markers (`> `) already stripped.
    private static func mathExtension(_ context: MathContext) -> OpaquePointer {
        let ext = cmark_syntax_extension_new("lectern-math")!
        let chars = cmark_llist_append(cmark_get_default_mem_allocator(), nil, UnsafeMutableRawPointer(bitPattern: Int(UInt8(ascii: "$"))))
        cmark_syntax_extension_set_special_inline_chars(ext, chars)
        cmark_syntax_extension_set_private(ext, Unmanaged.passRetained(context).toOpaque(), nil)
        cmark_syntax_extension_set_match_inline_func(ext) { ext, _, _, _, inline in
            guard let ext, let inline, let raw = cmark_syntax_extension_get_private(ext),
                  let chunk = cmark_inline_parser_get_chunk(inline)?.pointee, let data = chunk.data else { return nil }
            let context = Unmanaged<MathContext>.fromOpaque(raw).takeUnretainedValue()
            let bytes = UnsafeBufferPointer(start: data, count: Int(chunk.len))
            let start = Int(cmark_inline_parser_get_offset(inline))
            guard let (range, display, end) = MathSpan.scan(bytes, at: start) else { return nil }
            var span = MathSpan(tex: String(decoding: bytes[range], as: UTF8.self), display: display,
                                line: Int(cmark_inline_parser_get_line(inline)))
            var after = end
            if display, let (label, next) = MathSpan.equationLabel(bytes, at: end) {
                context.equations += 1
                span.label = label
                span.number = context.equations
                after = next
            }
            cmark_inline_parser_set_offset(inline, Int32(after))
            let node = cmark_node_new_with_mem(CMARK_NODE_HTML_INLINE, cmark_get_default_mem_allocator())
            cmark_node_set_literal(node, "<!--\(context.marker):math:\(context.spans.count)-->")
            context.spans.append(span)
            return node
        }
        return ext
    }

    /// Every node of the document in reading order (collected first, so the
    /// edits below may follow).
    func nodes() -> [Node] {
        var result: [Node] = []
        func visit(_ node: OpaquePointer) {
            result.append(describe(node))
            var child = cmark_node_first_child(node)
            while let current = child {
                visit(current)
                child = cmark_node_next(current)
            }
        }
        visit(root)
        return result
    }

    private func describe(_ node: OpaquePointer) -> Node {
        let type = cmark_node_get_type(node)
        let line = Int(cmark_node_get_start_line(node))
        let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        let kind: Kind
        switch type {
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            kind = .codeBlock(info: info)
        case CMARK_NODE_CODE: kind = .code
        case CMARK_NODE_TEXT: kind = .text
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            kind = .link(url: cmark_node_get_url(node).map { String(cString: $0) } ?? "", image: type == CMARK_NODE_IMAGE)
        default: kind = .other
        }
        return Node(pointer: node, kind: kind, line: line, literal: literal)
    }

    /// The plain text of a node's inline content (a heading's words); inline
    /// HTML gives what `html` makes of it (math placeholders their TeX).
    func plainText(of node: Node, html: (String) -> String = { _ in "" }) -> String {
        var text = ""
        func visit(_ pointer: OpaquePointer) {
            let type = cmark_node_get_type(pointer)
            if type == CMARK_NODE_HTML_INLINE {
                text += html(cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "")
            } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += cmark_node_get_literal(pointer).map { String(cString: $0) } ?? ""
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
            var child = cmark_node_first_child(pointer)
            while let current = child {
                visit(current)
                child = cmark_node_next(current)
            }
        }
        visit(node.pointer)
        return text
    }

    /// Whether `node` has no children (a link with no text).
    func isEmpty(_ node: Node) -> Bool {
        cmark_node_first_child(node.pointer) == nil
    }

    /// Sets a link's or image's destination.
    func setURL(_ node: Node, _ url: String) {
        cmark_node_set_url(node.pointer, url)
    }

    /// The last child of `node` when it is a text node (a heading's trailing words).
    /// Whether the node right before `node` is an image (`![…](…){attributes}`).
    func followsImage(_ node: Node) -> Bool {
        cmark_node_previous(node.pointer).map { cmark_node_get_type($0) == CMARK_NODE_IMAGE } ?? false
    }

    func lastText(of node: Node) -> Node? {
        guard let last = cmark_node_last_child(node.pointer), cmark_node_get_type(last) == CMARK_NODE_TEXT else { return nil }
        return describe(last)
    }

    /// A node's text as it is now (after edits made since `nodes()`).
    func literal(of node: Node) -> String {
        cmark_node_get_literal(node.pointer).map { String(cString: $0) } ?? ""
    }

    /// Sets a text node's text.
    func setLiteral(_ node: Node, _ text: String) {
        cmark_node_set_literal(node.pointer, text)
    }

    /// Puts raw HTML where `node` was: an HTML block for a block, inline HTML for an inline.
    func replace(_ node: Node, withHTML html: String, block: Bool) {
        let replacement = cmark_node_new(block ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(replacement, html)
        cmark_node_replace(node.pointer, replacement)
        cmark_node_free(node.pointer)
    }

    /// Replaces a text node by a sequence of text and raw-HTML pieces.
    func split(_ node: Node, into pieces: [(text: String, isHTML: Bool)]) {
        for piece in pieces where !piece.text.isEmpty {
            let new = cmark_node_new(piece.isHTML ? CMARK_NODE_HTML_INLINE : CMARK_NODE_TEXT)!
            cmark_node_set_literal(new, piece.text)
            cmark_node_insert_before(node.pointer, new)
        }
        cmark_node_unlink(node.pointer)
        cmark_node_free(node.pointer)
    }

    /// Inserts raw HTML as the first child of `node` (a marker inside a heading or a link).
    func prependHTML(_ html: String, to node: Node) {
        let new = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(new, html)
        cmark_node_prepend_child(node.pointer, new)
    }

    /// The kinds of GitHub alert, with their titles.
    static let alertKinds = ["NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"]

    /// GitHub alerts: a block quote whose first line is `[!NOTE]` (or TIP,
    /// IMPORTANT, WARNING, CAUTION) becomes a callout box,
    /// `<div class="callout callout-note">` with a title, its content
    /// rendered as Markdown.
    func makeAlerts() {
        var quotes: [OpaquePointer] = []
        func visit(_ node: OpaquePointer) {
            if cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE { quotes.append(node) }
            var child = cmark_node_first_child(node)
            while let current = child {
                visit(current)
                child = cmark_node_next(current)
            }
        }
        visit(root)
        for quote in quotes {
            guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { continue }
            // The first line: the text nodes before the first line break.
            var leading: [OpaquePointer] = []
            var text = ""
            var child = cmark_node_first_child(paragraph)
            while let current = child, cmark_node_get_type(current) == CMARK_NODE_TEXT {
                leading.append(current)
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
                child = cmark_node_next(current)
            }
            let marker = text.trimmingCharacters(in: .whitespaces)
            guard marker.hasPrefix("[!"), marker.hasSuffix("]"),
                  let title = Self.alertKinds[String(marker.dropFirst(2).dropLast()).uppercased()] else { continue }
            if let breakNode = child {
                let type = cmark_node_get_type(breakNode)
                guard type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK else { continue }
                leading.append(breakNode)
            }
            for node in leading { cmark_node_unlink(node); cmark_node_free(node) }
            if cmark_node_first_child(paragraph) == nil { cmark_node_unlink(paragraph); cmark_node_free(paragraph) }
            let kind = title.lowercased()
            let open = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
            cmark_node_set_literal(open, "<div class=\"callout callout-\(kind)\" role=\"note\"><p class=\"callout-title\">\(title)</p>\n")
            cmark_node_insert_before(quote, open)
            while let inner = cmark_node_first_child(quote) { cmark_node_insert_before(quote, inner) }
            let close = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
            cmark_node_set_literal(close, "</div>\n")
            cmark_node_insert_before(quote, close)
            cmark_node_unlink(quote)
            cmark_node_free(quote)
        }
    }

    /// `url` as cmark writes it in an `href` (percent-encoded, then HTML-escaped).
    static func href(_ url: String) -> String {
        _ = registered
        let document = cmark_node_new(CMARK_NODE_DOCUMENT)!
        defer { cmark_node_free(document) }
        let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)!
        let link = cmark_node_new(CMARK_NODE_LINK)!
        cmark_node_set_url(link, url)
        cmark_node_append_child(paragraph, link)
        cmark_node_append_child(document, paragraph)
        guard let rendered = cmark_render_html(document, options, nil) else { return url }
        defer { free(rendered) }
        let html = String(cString: rendered)
        guard let start = html.range(of: "href=\""), let end = html[start.upperBound...].firstIndex(of: "\"") else { return url }
        return String(html[start.upperBound..<end])
    }

    /// A top-level block of the document, rendered on its own.
    struct TopBlock {
        enum Kind: Equatable {
            case heading(level: Int)
            case paragraph
            /// `---` (a thematic break).
            case rule
            /// Raw HTML (Lectern's placeholders for cells and fence lines are these).
            case html
            /// All footnote definitions, together (cmark-gfm puts them last).
            case footnotes
            case other
        }
        let kind: Kind
        let line: Int
        let html: String
        /// A paragraph's plain text (to find `. . .`).
        let text: String
        /// Its shape and how many characters of text it holds.
        let shape: Block.Shape
        let characters: Int
    }

    /// The document's top-level blocks in order, each rendered as cmark
    /// renders it inside the whole document, so that the blocks' HTML,
    /// joined, is `html()`. The footnote definitions come as one block.
    func blocks() -> [TopBlock] {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        func render(_ node: OpaquePointer) -> String {
            guard let rendered = cmark_render_html(node, Self.options, extensions) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
        var blocks: [TopBlock] = []
        var footnotes: [OpaquePointer] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            child = cmark_node_next(node)
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node))
            let kind: TopBlock.Kind
            switch type {
            case CMARK_NODE_FOOTNOTE_DEFINITION: footnotes.append(node); continue
            case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
            case CMARK_NODE_PARAGRAPH: kind = .paragraph
            case CMARK_NODE_THEMATIC_BREAK: kind = .rule
            case CMARK_NODE_HTML_BLOCK: kind = .html
            default: kind = .other
            }
            // Formulas count as their TeX, about as wide as it is long.
            let text = plainText(of: describe(node)) { [mathContext] html in
                mathContext?.span(html).map { String(repeating: "x", count: $0.tex.count * 3 / 4) } ?? ""
            }
            blocks.append(TopBlock(kind: kind, line: line, html: render(node), text: kind == .paragraph ? text : "",
                                   shape: shape(of: node), characters: text.count))
        }
        if !footnotes.isEmpty {
            // Rendered together under a document of their own (kept until
            // this parse is freed), so they share one footnotes section.
            let document = cmark_node_new(CMARK_NODE_DOCUMENT)!
            for node in footnotes { cmark_node_append_child(document, node) }
            footnoteDocuments.append(document)
            blocks.append(TopBlock(kind: .footnotes, line: Int(cmark_node_get_start_line(footnotes[0])), html: render(document), text: "",
                                   shape: .other, characters: 0))
        }
        return blocks
    }

    /// What a top-level block is, for fitting it on a slide.
    private func shape(of node: OpaquePointer) -> Block.Shape {
        func children(_ node: OpaquePointer) -> [OpaquePointer] {
            var out: [OpaquePointer] = []
            var child = cmark_node_first_child(node)
            while let current = child { out.append(current); child = cmark_node_next(current) }
            return out
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            let inner = children(node).filter { child in
                let type = cmark_node_get_type(child)
                if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { return false }
                if type == CMARK_NODE_TEXT { return !(cmark_node_get_literal(child).map { String(cString: $0) } ?? "").allSatisfy(\.isWhitespace) }
                return true
            }
            // A paragraph of only images and display formulas (placeholders, inline HTML here).
            let images = inner.filter { cmark_node_get_type($0) == CMARK_NODE_IMAGE }.count
            let spans = inner.compactMap { child -> MathSpan? in
                guard cmark_node_get_type(child) == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(child) else { return nil }
                return mathContext?.span(String(cString: literal)).flatMap { $0.display ? $0 : nil }
            }
            guard !inner.isEmpty, images + spans.count == inner.count else { return .paragraph }
            guard images == 0 else { return .visual }
            // Only formulas: how tall they set.
            let tex = spans.map(\.tex).joined(separator: "\\\\")
            let lines = tex.components(separatedBy: "\\\\").count
            let tall = ["\\frac", "\\sum", "\\int", "\\prod", "\\begin", "\\dfrac", "\\sqrt", "\\binom", "\\underbrace", "\\overbrace"].contains { tex.contains($0) }
            return .formula(lines: lines, tall: tall)
        case CMARK_NODE_LIST: return .list(items: children(node).count)
        case CMARK_NODE_CODE_BLOCK:
            return .code(lines: SourceText.lineCount(cmark_node_get_literal(node).map { String(cString: $0) } ?? ""))
        default:
            if let name = cmark_node_get_type_string(node), String(cString: name) == "table" {
                return .table(rows: children(node).count)
            }
            return .other
        }
    }

    /// Documents made to render the footnotes by themselves.
    private var footnoteDocuments: [OpaquePointer] = []

    /// The document as HTML.
    func html() -> String {
        guard let rendered = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
