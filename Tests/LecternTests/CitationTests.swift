import Foundation
import Testing
@testable import Lectern

/// BibTeX read for real, Pandoc's citation syntax, and the two citation styles (issue 27).
@Suite struct CitationTests {
    static let bib = #"""
    % a comment
    @string{sp = "SciPost"}
    @String(phys = { Physics})
    @comment{ @article{ignored, title={no}} }
    @preamble{ "\newcommand{\noop}[1]{}" }

    @Article{Kasieczka:2019dbj,
      author        = "Kasieczka, Gregor and Plehn, Tilman and others",
      title         = "{The Machine Learning landscape of top taggers}",
      journal       = sp # phys,
      volume        = "7",
      number        = 1,
      pages         = "014",
      year          = "2019",
      month         = jul,
      doi           = "10.21468/SciPostPhys.7.1.014",
      eprint        = "1902.09914",
      archivePrefix = "arXiv",
    }

    @book{box1973, author = {George E. P. Box and George C. Tiao}, title = {Bayesian Inference in {S}tatistical Analysis --- a study},
      publisher = {Addison{-}Wesley}, year = 1973}

    @misc{accents,
      author = {G{\"o}del, Kurt and Erd\H{o}s, P{\'a}l and Ludwig van Beethoven and de la Vall{\'e}e Poussin, Jr, Charles and {World Health Organization}},
      title = {\"Uber \c{c}a, \v{s}, \'{\i}, na\"ive, 50\%, \emph{emph}, x~y, \ss, \o, {\aa}, $\alpha$--$\beta$},
      date = {2001-05-03},
      url = {https://example.org/x_y},
    }

    @article{broken, title = {never closed, year = 2000
    }

    @misc{after, title = {Read after a broken entry}, arxiv = {hep-ph/0101001}}
    @misc{after, title = {A second after}}
    """#

    @Test func everyFieldFormIsRead() throws {
        let (entries, problems) = BibTeX.parse(Self.bib, file: "refs.bib")
        let byKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byKey.keys) == ["Kasieczka:2019dbj", "box1973", "accents", "after"], "@comment, @preamble, @string and the broken entry are not entries")
        let k = try #require(byKey["Kasieczka:2019dbj"])
        #expect(k.type == "article" && k.line == 7)
        #expect(k["title"] == "The Machine Learning landscape of top taggers")
        #expect(k["journal"] == "SciPost Physics", "@string macros joined with #")
        #expect(k["number"] == "1" && k["month"] == "July" && k.year == "2019")
        #expect(k.doi == "10.21468/SciPostPhys.7.1.014" && k.arXiv == "1902.09914")
        #expect(k.authors.map(\.family) == ["Kasieczka", "Plehn"] && k.andOthers)
        #expect(k.authors[0].given == "Gregor" && k.authors[0].initials == "G.")
        let box = try #require(byKey["box1973"])
        #expect(box.authors.map(\.family) == ["Box", "Tiao"] && box.authors[0].initials == "G.\u{A0}E.\u{A0}P.")
        #expect(box["title"] == "Bayesian Inference in Statistical Analysis — a study" && box["publisher"] == "Addison-Wesley")
        #expect(box.year == "1973")
        let a = try #require(byKey["accents"])
        #expect(a.authors.map(\.family) == ["Gödel", "Erdős", "van Beethoven", "de la Vallée Poussin", "World Health Organization"])
        #expect(a.authors.map(\.given) == ["Kurt", "Pál", "Ludwig", "Charles", ""])
        #expect(a.authors[3].suffix == "Jr")
        #expect(a["title"] == "Über ça, š, í, naïve, 50%, emph, x\u{A0}y, ß, ø, å, $\\alpha$–$\\beta$", "math is kept as written")
        #expect(a.year == "2001" && a["url"] == "https://example.org/x_y")
        #expect(byKey["after"]?.arXiv == "hep-ph/0101001" && byKey["after"]?["title"] == "Read after a broken entry")
        #expect(problems.contains { !$0.isWarning && $0.line == 31 }, "the broken entry is an error at its line: \(problems)")
        #expect(problems.contains { $0.isWarning && $0.message.contains("'after' is defined twice") })
    }

    @Test func citationSyntaxIsPandocs() {
        func cite(_ text: String, narrative: Bool = true) -> ([String], [Citation]) {
            let (pieces, citations) = Citation.split(text, narrative: narrative, line: 3, first: 0, referenceKinds: Lecture.referenceKinds) { "<\($0)>" }
            return (pieces.map(\.text), citations)
        }
        var (pieces, citations) = cite("As [see @box1973, p. 33; -@kas:2019] show.")
        #expect(pieces == ["As ", "<0>", " show."])
        #expect(citations.first?.bracketed == true)
        #expect(citations.first?.items == [.init(key: "box1973", prefix: "see", locator: "p. 33", suppressAuthor: false),
                                           .init(key: "kas:2019", prefix: "", locator: "", suppressAuthor: true)])
        (pieces, citations) = cite("@box1973 says so. Mail me@example.org; see @fig-a and [@eq-b].")
        #expect(citations.map(\.items.first?.key) == ["box1973"], "not an e-mail address, not a cross-reference")
        #expect(pieces.first == "<0>" && pieces.last?.hasSuffix("see @fig-a and [@eq-b].") == true)
        (pieces, citations) = cite("Ends a sentence: @box1973.")
        #expect(citations.first?.items.first?.key == "box1973" && pieces.last == ".")
        (_, citations) = cite("@box1973 without a bibliography", narrative: false)
        #expect(citations.isEmpty, "running-text @ is a citation only with a bibliography")
        (_, citations) = cite("[a link text] and [not @ a citation]")
        #expect(citations.isEmpty)
    }

    static func render(_ source: String, style: String = "", bib: String = bib) throws -> (html: String, errors: [LecternError]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-cite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try bib.write(to: root.appendingPathComponent("lectures/refs.bib"), atomically: true, encoding: .utf8)
        let lecture = try Lecture(source: "---\nbibliography: refs.bib\n\(style)---\n\n" + source, path: "lectures/c.md")
        let resolved = ResolvedLecture(lecture: lecture, result: nil, figures: [:], index: SiteIndex(courseRoot: root))
        return (Page(resolved, format: .html).html, resolved.errors)
    }

    @Test func authorYearCitesAndListsByAuthor() throws {
        let (html, errors) = try Self.render("Read [@box1973, p. 3; @Kasieczka:2019dbj] and @accents, or [-@box1973].\n")
        #expect(html.contains(">Box and Tiao 1973</a>, p. 3; <a class=\"citation\" href=\"#ref-Kasieczka%3A2019dbj\">Kasieczka et\u{A0}al. 2019</a>)"))
        #expect(html.contains("Gödel et\u{A0}al. (<a class=\"citation\" href=\"#ref-accents\">2001</a>)"))
        #expect(html.contains("(<a class=\"citation\" href=\"#ref-box1973\">1973</a>)"), "[-@key] gives the year alone")
        let list = try #require(html.range(of: "<section class=\"references\"")).lowerBound
        let order = ["ref-box1973", "ref-accents", "ref-Kasieczka"].map { html.range(of: $0, range: list..<html.endIndex)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order[0]! < order[1]! && order[1]! < order[2]!, "sorted by author")
        #expect(html.contains("<a href=\"https://doi.org/10.21468/SciPostPhys.7.1.014\">") && html.contains("<a href=\"https://arxiv.org/abs/1902.09914\">"))
        #expect(errors.filter { $0.file == "lectures/c.md" }.isEmpty, "\(errors)")
    }

    @Test func numericNumbersInCitedOrder() throws {
        let (html, _) = try Self.render("First @accents, then [@box1973; @accents, sec. 2].\n", style: "citation-style: numeric\n")
        #expect(html.contains("Gödel et\u{A0}al. [<a class=\"citation\" href=\"#ref-accents\">1</a>]"))
        #expect(html.contains("[<a class=\"citation\" href=\"#ref-box1973\">2</a>; <a class=\"citation\" href=\"#ref-accents\">1</a>, sec. 2]"))
        #expect(html.contains("<ol class=\"references numeric\">"))
    }

    @Test func sameAuthorsAndYearAreToldApart() throws {
        let bib = "@misc{a, author = {Doe, Jane}, title = {Alpha}, year = 2020}\n@misc{b, author = {Doe, Jane}, title = {Beta}, year = 2020}\n"
        let (html, _) = try Self.render("[@b; @a]\n", bib: bib)
        #expect(html.contains(">Doe 2020b</a>; <a class=\"citation\" href=\"#ref-a\">Doe 2020a</a>"))
    }

    @Test func anUnknownKeyIsAnErrorAtItsLineWithASuggestion() throws {
        let (_, errors) = try Self.render("Fine.\n\nBut [@box1937] is not.\n")
        let error = try #require(errors.first { $0.file == "lectures/c.md" })
        #expect(error.line == 7 && error.message.contains("did you mean 'box1973'?") && !error.isWarning)
        let none = try Lecture(source: "Cited [@box1973] with no bibliography.\n", path: "lectures/d.md")
        let resolved = ResolvedLecture(lecture: none, result: nil, figures: [:], index: SiteIndex(courseRoot: URL(fileURLWithPath: "/nonexistent")))
        #expect(resolved.errors.contains { $0.message.contains("has no bibliography") && $0.line == 1 })
    }
}
