internal import CCmarkGFM
import Foundation

/// A Markdown document parsed by cmark-gfm (CommonMark + GFM tables,
/// strikethrough, autolinks, task lists and footnotes), with just the edits
/// Lectern needs before it renders the HTML. The only file that calls cmark.
final class Markdown {
    private let parser: OpaquePointer
    private let root: OpaquePointer
    private static let extensions = ["table", "strikethrough", "autolink", "tasklist"]
    private static let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES

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

    init(_ text: String) {
        _ = Self.registered
        let parser = cmark_parser_new(Self.options)!
        for name in Self.extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        self.parser = parser
        self.root = cmark_parser_finish(parser)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
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

    /// The plain text of a node's inline content (a heading's words).
    func plainText(of node: Node) -> String {
        var text = ""
        func visit(_ pointer: OpaquePointer) {
            let type = cmark_node_get_type(pointer)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
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

    /// The document as HTML.
    func html() -> String {
        guard let rendered = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
