/// The handout of a lecture (the `pdf` format): the page's article with its
/// folded code in full; `templates/handout.mustache` and `handout.css` give
/// the paper, the running header, page numbers, link targets after their
/// text and no navigation, and `PDFPrinter` prints it.
struct Handout: FormatRenderer {
    static let format = Format.pdf
    static let template = "handout"
    let content: String

    init(_ resolved: ResolvedLecture) {
        content = Page(resolved, format: .pdf).html
    }
}
