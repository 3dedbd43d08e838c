/// One top-level block of a lecture, as the parse leaves it for every
/// format: the page, the deck and the handout each arrange the same blocks.
/// Prose keeps Lectern's placeholders (`<!--M:inline:N-->`, `M-link-N`, …),
/// which `ResolvedLecture` fills once for all formats.
public enum Block: Sendable, Equatable {
    /// Paragraphs, lists, quotes, tables, code that is not a cell: HTML,
    /// with its shape and the length of its text (what a deck needs to
    /// fit it on a slide).
    case prose(html: String, line: Int, shape: Shape, characters: Int)
    /// A heading: its level, id and HTML (`<h2 id="…">…</h2>`), and the
    /// same without the id (`<h2>…</h2>`, for a deck's repeated titles).
    case heading(level: Int, id: String, html: String, untagged: String, line: Int)
    /// The lecture's cell with this index.
    case cell(Int)
    /// A fenced div opens (`lecture.divs[index]`); its blocks follow up to the matching `divClose`.
    case divOpen(Int)
    case divClose(Int, line: Int)
    /// What kind of prose block it is.
    public enum Shape: Sendable, Equatable {
        /// A paragraph of words: what a deck may move to its speaker notes.
        case paragraph
        /// A paragraph that is only images.
        case visual
        /// A paragraph that is only display math: its lines (`\\`) and
        /// whether it has tall parts (fractions, sums, integrals, matrices).
        case formula(lines: Int, tall: Bool)
        case list(items: Int)
        case table(rows: Int)
        case code(lines: Int)
        case other
    }

    /// `. . .` alone in a paragraph: a pause on a slide, nothing on the page.
    case pause(line: Int)
    /// `---`: a new slide in a deck, a rule on the page.
    case rule(line: Int)
    /// The footnotes, after everything else.
    case footnotes(html: String)

    /// The line the block starts at (0 when it has none).
    public var line: Int {
        switch self {
        case .prose(_, let line, _, _), .heading(_, _, _, _, let line), .divClose(_, let line), .pause(let line), .rule(let line): line
        case .cell, .divOpen, .footnotes: 0
        }
    }
}
