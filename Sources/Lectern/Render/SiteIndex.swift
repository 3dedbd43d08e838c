import Foundation

/// Every lecture of the site as links see it: its page, its number and title,
/// and what its page names (`References`). Links between lectures and
/// references across them are resolved and checked against it.
struct SiteIndex {
    struct Entry {
        var path: String
        var page: String
        /// 1-based position in the course.
        var number: Int
        var title: String
        var references: References
        var sections: [Lecture.Section]
        /// What its citations cite from.
        var bibliography: Bibliography
    }

    let courseRoot: URL
    private(set) var entries: [String: Entry] = [:]
    private(set) var order: [String] = []
    /// Every lecture of the site, parsed or not: a link to one that did not
    /// parse still goes to its page (which shows why), unchecked.
    var planned: Set<String> = []
    /// Each bibliography file read once per build.
    private var parsedBibliographies: Bibliography.Parsed = [:]

    init(courseRoot: URL) {
        self.courseRoot = courseRoot
    }

    mutating func add(_ lecture: Lecture, result: LectureResult?, number: Int) {
        entries[lecture.path] = Entry(path: lecture.path, page: SitePath.page(for: lecture.path), number: number,
                                      title: lecture.title, references: References(lecture: lecture, result: result),
                                      sections: lecture.sections,
                                      bibliography: Bibliography(lecture.bibliography, courseRoot: courseRoot, parsed: &parsedBibliographies))
        order.append(lecture.path)
    }

    subscript(path: String) -> Entry? { entries[path] }

    /// What a link from `lecture` resolves to.
    enum Target {
        /// A page of the site (with the text an empty link shows).
        case page(href: String, name: String)
        /// A file to copy into the site.
        case asset(from: URL, to: String, href: String)
        case problem(String)
    }

    func resolve(_ link: Link, from lecture: Lecture) -> Target {
        let here = SitePath.page(for: lecture.path)
        if link.isFragment {
            guard let entry = entries[lecture.path] else { return .page(href: "#" + SitePath.encode(link.fragment ?? ""), name: "") }
            return pageTarget(entry, fragment: link.fragment, from: here, sameLecture: true)
        }
        let path: String
        switch ContainedPath.resolve(link.file, base: SitePath.directory(of: lecture.path), in: courseRoot, absoluteIsRooted: true) {
        case .success(let inside): path = inside
        case .failure(let problem):
            return .problem("\(problem.describe(link.file, folder: "the course")); copy the file into the course and link it from there")
        }
        if path.hasSuffix(".md") {
            guard let entry = entries[path] else {
                if planned.contains(path) {
                    return .page(href: SitePath.href(from: here, to: SitePath.page(for: path), fragment: link.fragment), name: path)
                }
                let exists = FileManager.default.fileExists(atPath: courseRoot.appendingPathComponent(path).path)
                return .problem(exists ? "'\(link.file)' is not a lecture of this course (add it to lectern.yml's list), so it has no page to link to"
                                       : "'\(link.file)' does not exist (looked for \(path) in the course); fix the link")
            }
            return pageTarget(entry, fragment: link.fragment, from: here, sameLecture: path == lecture.path)
        }
        let source = courseRoot.appendingPathComponent(path)
        guard !Course.isDirectory(source), FileManager.default.fileExists(atPath: source.path) else {
            return .problem("'\(link.file)' does not exist (looked for \(path) in the course); fix the link or add the file")
        }
        let site = SitePath.mirrored(path)
        if let reserved = SitePath.reservedReason(site) ?? (site.hasSuffix(".html") && entries.values.contains { $0.page == site } ? "which is a lecture's page" : nil) {
            return .problem("'\(link.file)' would be copied to \(site), \(reserved); move the file")
        }
        let href = SitePath.href(from: here, to: site) + (link.query.map { "?" + SitePath.encodeQuery($0) } ?? "")
            + (link.fragment.map { "#" + SitePath.encode($0) } ?? "")
        return .asset(from: source, to: site, href: href)
    }

    private func pageTarget(_ entry: Entry, fragment: String?, from here: String, sameLecture: Bool) -> Target {
        let href = sameLecture ? (fragment.map { "#" + SitePath.encode($0) } ?? SitePath.href(from: here, to: entry.page))
                               : SitePath.href(from: here, to: entry.page, fragment: fragment)
        guard let fragment else { return .page(href: href, name: entry.title) }
        let references = entry.references
        if let name = references.name(of: fragment) {
            return .page(href: href, name: sameLecture ? name : "Lecture\u{A0}\(entry.number), \(name)")
        }
        if references.anchors.contains(fragment) { return .page(href: href, name: sameLecture ? fragment : "Lecture\u{A0}\(entry.number)") }
        // Figures and tables of a lecture that did not run cannot be checked.
        let kind = fragment.prefix(while: { $0 != "-" })
        if (kind == "fig" || kind == "tbl" || fragment.hasPrefix("cell-")) && !references.hasResults {
            return .page(href: href, name: sameLecture ? fragment : "Lecture\u{A0}\(entry.number)")
        }
        return .problem("#\(fragment) is not on \(sameLecture ? "this page" : entry.path + "'s page") (it has no heading, figure, table or equation with that id)")
    }
}
