/// One format's arrangement of a resolved lecture, in the spirit of mdBook's
/// `Renderer`: what goes into the format's template (`templates/NAME.mustache`,
/// as `{{{content}}}`), and what is worth saying about it. `Site` iterates
/// the formats a lecture asks for through this, and `check` reads their
/// warnings without writing anything.
protocol FormatRenderer {
    /// The format it makes.
    static var format: Format { get }
    /// The template its content fills.
    static var template: String { get }
    /// Arranges `resolved` for the format.
    init(_ resolved: ResolvedLecture)
    /// The arranged lecture, as HTML.
    var content: String { get }
    /// What does not stop it but is worth saying (a slide that does not fit).
    var warnings: [LecternError] { get }
}

extension FormatRenderer {
    var warnings: [LecternError] { [] }
}

/// Every format's renderer, in the order the formats are made.
var formatRenderers: [any FormatRenderer.Type] { [Page.self, Deck.self, Handout.self] }
