import Foundation

/// The works a lecture may cite: the entries of its bibliography files
/// (`BibTeX`), and the problems met reading them (a file that is missing,
/// outside the course or not BibTeX; an entry that cannot be read).
struct Bibliography {
    /// Entries by key.
    private(set) var entries: [String: BibEntry] = [:]
    private(set) var problems: [LecternError] = []
    /// Whether the lecture declared any bibliography file.
    let declared: Bool

    /// The parsed files, by course path, shared by the lectures of one build.
    typealias Parsed = [String: (entries: [BibEntry], problems: [LecternError])]

    init(_ files: [BibliographyFile], courseRoot: URL, parsed: inout Parsed) {
        declared = !files.isEmpty
        for file in files {
            let path: String
            switch ContainedPath.resolve(file.path, base: file.base, in: courseRoot, absoluteIsRooted: false) {
            case .success(let inside): path = inside
            case .failure(let problem):
                problems.append(LecternError(file: file.declaredIn, line: file.line, "bibliography \(problem.describe(file.path, folder: "the course")); keep .bib files inside the course"))
                continue
            }
            if parsed[path] == nil {
                if let text = SourceText.read(courseRoot.appendingPathComponent(path)) {
                    parsed[path] = BibTeX.parse(text, file: path)
                } else {
                    parsed[path] = ([], [LecternError(file: file.declaredIn, line: file.line, "the bibliography '\(file.path)' cannot be read (looked for \(path) in the course); fix the path in 'bibliography:'")])
                }
            }
            guard let found = parsed[path] else { continue }
            problems += found.problems
            for entry in found.entries where entries[entry.key] == nil { entries[entry.key] = entry }
        }
    }

    /// The entry `key` names; BibTeX keys match without regard to case.
    func entry(_ key: String) -> BibEntry? {
        entries[key] ?? entries.first { $0.key.lowercased() == key.lowercased() }?.value
    }
}

/// A lecture's citations and reference list as HTML, in its citation style.
/// Author–year: "(Box and Tiao 1973, p. 3)", "Box and Tiao (1973)", "(1973)"
/// for `[-@key]`, two authors joined by "and", three or more as "Box et al.",
/// works of the same authors and year told apart as 1973a, 1973b; the
/// references sorted by author, year and title. Numeric: "[1, p. 3]", "Box
/// and Tiao [1]", numbered in the order first cited. Each citation links to
/// its reference; each reference links its DOI and arXiv page.
struct CitationRenderer {
    let bibliography: Bibliography
    let style: CitationStyle
    /// The cited keys that exist, in the order first cited.
    private(set) var cited: [String] = []
    private(set) var numbers: [String: Int] = [:]
    /// "a", "b", … for works that share authors and year.
    private(set) var suffixes: [String: String] = [:]
    /// Citations of keys the bibliography lacks, and a lecture that cites with no bibliography.
    private(set) var errors: [LecternError] = []

    init(lecture: Lecture, bibliography: Bibliography) {
        self.bibliography = bibliography
        style = lecture.citationStyle
        var seen = Set<String>()
        for citation in lecture.citations {
            for item in citation.items {
                guard let entry = bibliography.entry(item.key) else {
                    if !bibliography.declared {
                        errors.append(LecternError(file: lecture.path, line: citation.line, "@\(item.key) is a citation, but this lecture has no bibliography: add 'bibliography: refs.bib' to its front matter (or to lectern.yml), or write '\\@' for a literal @"))
                    } else {
                        let known = Array(bibliography.entries.keys)
                        let hint = Spelling.closest(to: item.key, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                        errors.append(LecternError(file: lecture.path, line: citation.line, "the bibliography has no entry '\(item.key)'\(hint); add it to the .bib file or fix the key"))
                    }
                    continue
                }
                if seen.insert(entry.key).inserted { cited.append(entry.key) }
            }
        }
        for (n, key) in cited.enumerated() { numbers[key] = n + 1 }
        // Same authors and year: a, b, … in reference-list order.
        var groups: [String: [String]] = [:]
        for key in sortedKeys { groups[label(of: bibliography.entries[key]!, suffix: false), default: []].append(key) }
        for keys in groups.values where keys.count > 1 {
            for (n, key) in keys.enumerated() { suffixes[key] = String(UnicodeScalar(UInt8(97 + min(n, 25)))) }
        }
    }

    /// The cited keys in the reference list's order.
    var sortedKeys: [String] {
        guard style == .authorYear else { return cited }
        return cited.sorted { a, b in
            let x = bibliography.entries[a]!, y = bibliography.entries[b]!
            return (Self.sortName(x), x.year ?? "", x["title"] ?? "", a) < (Self.sortName(y), y.year ?? "", y["title"] ?? "", b)
        }
    }

    private static func sortName(_ entry: BibEntry) -> String {
        (entry.authors.map(\.family).joined(separator: " ") + " " + (entry["title"] ?? "")).lowercased()
    }

    /// "Box", "Box and Tiao", "Box et al." (the title when there is no author).
    static func authors(of entry: BibEntry) -> String {
        let families = entry.authors.map(\.family)
        switch families.count {
        case 0: return entry["title"].map { "\u{201C}\($0)\u{201D}" } ?? entry.key
        case 1: return families[0] + (entry.andOthers ? " et\u{A0}al." : "")
        case 2 where !entry.andOthers: return families[0] + " and " + families[1]
        default: return families[0] + " et\u{A0}al."
        }
    }

    /// "Box and Tiao 1973": what tells works apart in the author–year style.
    private func label(of entry: BibEntry, suffix: Bool) -> String {
        Self.authors(of: entry) + " " + year(of: entry, suffix: suffix)
    }

    private func year(of entry: BibEntry, suffix: Bool) -> String {
        (entry.year ?? "n.d.") + (suffix ? suffixes[entry.key] ?? "" : "")
    }

    /// A citation as HTML.
    func html(_ citation: Citation) -> String {
        func link(_ entry: BibEntry, _ text: String) -> String {
            "<a class=\"citation\" href=\"#ref-\(SitePath.encode(entry.key))\">\(HTML.escape(text))</a>"
        }
        let found = citation.items.compactMap { item in bibliography.entry(item.key).map { (item, $0) } }
        guard !found.isEmpty else {
            return HTML.escape(citation.items.map { "@" + $0.key }.joined(separator: "; "))
        }
        switch (style, citation.bracketed) {
        case (.authorYear, true):
            let parts = found.map { item, entry in
                let who = item.suppressAuthor ? "" : Self.authors(of: entry) + " "
                let text = who + year(of: entry, suffix: true)
                return (item.prefix.isEmpty ? "" : HTML.escape(item.prefix) + " ") + link(entry, text)
                    + (item.locator.isEmpty ? "" : ", " + HTML.escape(item.locator))
            }
            return "<span class=\"citation\">(" + parts.joined(separator: "; ") + ")</span>"
        case (.authorYear, false):
            let (_, entry) = found[0]
            return "<span class=\"citation\">" + HTML.escape(Self.authors(of: entry)) + " (" + link(entry, year(of: entry, suffix: true)) + ")</span>"
        case (.numeric, true):
            let parts = found.map { item, entry in
                (item.prefix.isEmpty ? "" : HTML.escape(item.prefix) + " ") + link(entry, "\(numbers[entry.key] ?? 0)")
                    + (item.locator.isEmpty ? "" : ", " + HTML.escape(item.locator))
            }
            return "<span class=\"citation\">[" + parts.joined(separator: "; ") + "]</span>"
        case (.numeric, false):
            let (_, entry) = found[0]
            return "<span class=\"citation\">" + HTML.escape(Self.authors(of: entry)) + " [" + link(entry, "\(numbers[entry.key] ?? 0)") + "]</span>"
        }
    }

    /// The list of cited works: nil when nothing is cited.
    var referenceList: String? {
        let keys = sortedKeys
        guard !keys.isEmpty else { return nil }
        let list = style == .numeric ? "ol" : "ul"
        var out = "<\(list) class=\"references \(style.rawValue)\">\n"
        for key in keys {
            guard let entry = bibliography.entries[key] else { continue }
            out += "<li id=\"ref-\(HTML.escape(entry.key))\">" + reference(entry) + "</li>\n"
        }
        return out + "</\(list)>\n"
    }

    /// The References section of a page or handout around `list`.
    static func section(_ list: String) -> String {
        "<section class=\"references\" id=\"references\" role=\"doc-bibliography\">\n<h2>References</h2>\n" + list + "</section>\n"
    }

    /// An identifier with slashes (`10.1103/PhysRevD.99.1`, `hep-ph/0101001`), each part percent-encoded.
    private static func encodePath(_ id: String) -> String {
        id.split(separator: "/", omittingEmptySubsequences: false).map { SitePath.encode(String($0)) }.joined(separator: "/")
    }

    /// One reference: authors (year). Title. Where it appeared. Its DOI and arXiv links.
    func reference(_ entry: BibEntry) -> String {
        func names() -> String {
            let all = entry.authors.map { name in
                HTML.escape(name.family + (name.suffix.isEmpty ? "" : " " + name.suffix) + (name.given.isEmpty ? "" : ", " + name.initials))
            } + (entry.andOthers ? ["others"] : [])
            switch all.count {
            case 0: return ""
            case 1: return all[0]
            case 2: return all[0] + " and " + all[1]
            default: return all.dropLast().joined(separator: ", ") + ", and " + all.last!
            }
        }
        let who = names()
        let when = year(of: entry, suffix: style == .authorYear)
        /// Ends a part with a full stop unless it ends with one already ("Proc. Natl. Acad. Sci.").
        func stop(_ text: String) -> String { text.hasSuffix(".") || text.hasSuffix(".</em>") ? text : text + "." }
        var out = who.isEmpty ? "" : who + " "
        out += style == .authorYear || !who.isEmpty ? "(\(HTML.escape(when))). " : ""
        let title = HTML.escape(entry["title"] ?? entry.key)
        let container: String? = entry["journal"] ?? entry["journaltitle"] ?? entry["booktitle"]
        switch entry.type {
        case "book", "phdthesis", "mastersthesis", "manual", "techreport":
            out += stop("<em>\(title)</em>")
        default:
            out += stop(title)
        }
        if let container {
            var part = (entry.type == "inproceedings" || entry.type == "incollection" ? " In " : " ") + "<em>\(HTML.escape(container))</em>"
            if let volume = entry["volume"] { part += " " + HTML.escape(volume) + (entry["number"].map { "(\(HTML.escape($0)))" } ?? "") }
            if let pages = entry["pages"] { part += ", " + HTML.escape(pages) }
            out += stop(part)
        }
        if let publisher = entry["publisher"] ?? entry["school"] ?? entry["institution"] ?? entry["organization"] {
            out += " " + stop(HTML.escape(publisher))
        }
        if let note = entry["howpublished"] ?? entry["note"], container == nil { out += " " + stop(HTML.escape(note)) }
        if let doi = entry.doi {
            out += " <a href=\"https://doi.org/\(HTML.escape(Self.encodePath(doi)))\">doi:\(HTML.escape(doi))</a>"
        }
        if let arXiv = entry.arXiv {
            out += " <a href=\"https://arxiv.org/abs/\(HTML.escape(Self.encodePath(arXiv)))\">arXiv:\(HTML.escape(arXiv))</a>"
        }
        if entry.doi == nil, entry.arXiv == nil, let url = entry["url"], url.hasPrefix("https://") || url.hasPrefix("http://") {
            out += " <a href=\"\(HTML.escape(url))\">\(HTML.escape(url))</a>"
        }
        return out
    }
}
