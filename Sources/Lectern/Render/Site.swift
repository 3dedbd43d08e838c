import Foundation
import Mustache

/// The static site: one page per lecture (mirroring the course's folders, see
/// `SitePath`), an index, figures, the files lectures link, and assets (CSS,
/// KaTeX for math, copied from Debian's `libjs-katex` so pages work offline).
/// Every file is written atomically; an unchanged file is not rewritten.
public struct Site {
    public let course: Course
    public let output: URL
    let templates: MustacheLibrary
    /// Problems of the whole course shown on every page (the preview's
    /// broken `lectern.yml`, while the last good one is used).
    public var courseErrors: [LecternError] = []

    static let katexSource = URL(fileURLWithPath: "/usr/share/javascript/katex")
    /// The page's text face, Charis SIL (SIL Open Font License 1.1), from Debian's `fonts-sil-charis`.
    static let textFaceSource = URL(fileURLWithPath: "/usr/share/fonts-sil-charis/woff2")
    static let textFaces = ["CharisSIL-Regular.woff2", "CharisSIL-Italic.woff2", "CharisSIL-Bold.woff2", "CharisSIL-BoldItalic.woff2"]
    static let textFaceLicence = URL(fileURLWithPath: "/usr/share/doc/fonts-sil-charis/copyright")

    /// A shared cache that also keeps printed handouts (`lectern render` with a remote).
    public var remote: RemoteCache?
    /// The formulas typeset while the lectures built (`lectern render`).
    public var mathAhead: MathAhead?

    public init(course: Course, output: URL) throws {
        self.course = course
        self.output = output
        // A course's templates/ overrides only the files it holds; Lectern's own give the rest.
        courseTemplates = course.root.appendingPathComponent("templates")
        ownTemplates = Self.lecternTemplateDirectory()
        var library = MustacheLibrary()
        for name in ["page", "index", "deck", "handout"] {
            guard let url = Self.layered("\(name).mustache", course: courseTemplates, own: ownTemplates),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                if name == "deck" || name == "handout" { continue }  // those formats say so when asked for
                throw LecternError.setup(file: "templates/\(name).mustache", "template missing: neither the course's templates/ nor Lectern's own has \(name).mustache (reinstall Lectern, or copy its templates/)")
            }
            do { try library.register(text, named: name) } catch {
                throw LecternError.setup(file: url.path, "template does not parse: \(error)")
            }
        }
        templates = library
        stylesheets = try Self.stylesheets(course: course)
    }

    private let courseTemplates: URL
    private let ownTemplates: URL?
    /// The course's own stylesheets (`css:` in `lectern.yml`): course file → site path (`assets/css/NAME`).
    private let stylesheets: [(from: URL, to: String)]

    /// `name` from the course's templates/ when it has it, else Lectern's own.
    static func layered(_ name: String, course: URL, own: URL?) -> URL? {
        let fm = FileManager.default
        if fm.fileExists(atPath: course.appendingPathComponent(name).path) { return course.appendingPathComponent(name) }
        return own.map { $0.appendingPathComponent(name) }.flatMap { fm.fileExists(atPath: $0.path) ? $0 : nil }
    }

    /// `css:` of `lectern.yml`: each file inside the course, added after Lectern's stylesheet.
    private static func stylesheets(course: Course) throws -> [(from: URL, to: String)] {
        try course.config.css.map { entry in
            let inside: String
            switch ContainedPath.resolve(entry.path, in: course.root) {
            case .success(let found): inside = found
            case .failure(let problem):
                throw LecternError(file: "lectern.yml", line: entry.line, "css \(problem.describe(entry.path, folder: "the course")); keep stylesheets inside the course")
            }
            let url = course.root.appendingPathComponent(inside)
            guard inside.hasSuffix(".css"), FileManager.default.fileExists(atPath: url.path) else {
                throw LecternError(file: "lectern.yml", line: entry.line, "css: '\(entry.path)' is not a .css file of the course; fix the path")
            }
            return (url, "assets/css/" + URL(fileURLWithPath: inside).lastPathComponent)
        }
    }

    /// The template context's list of the course's stylesheets, as hrefs from a page at `root`.
    private func stylesheetContext(root: String) -> [[String: String]] {
        stylesheets.map { ["href": root + $0.to] }
    }

    /// The site folder `--out` names (relative to `directory`, the current
    /// folder), or the course's `output/` without it. It must be a folder
    /// (or not exist yet), must not hold the course, and must not lie in
    /// `lectures/`, where the `.md` downloads beside each page would be read
    /// as lectures on the next build.
    public static func output(_ out: String?, from directory: URL, course: Course) throws -> URL {
        guard let out else { return course.root.appendingPathComponent("output") }
        let url = Course.absolute(out, from: directory)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw LecternError.setup(file: out, "--out names a file, not a folder; give the folder the site goes into")
        }
        if Course.contains(url, course.root) {
            throw LecternError.setup(file: out, "--out would put the site over the course itself (\(course.root.path)); give a folder of its own, such as output")
        }
        if Course.contains(course.root.appendingPathComponent("lectures"), url) {
            throw LecternError.setup(file: out, "--out is inside lectures/, where the pages' .md downloads would be read as lectures; give a folder outside lectures/, such as output")
        }
        return url
    }

    /// Lectern's own templates (those it was installed or built with), if found.
    static func lecternTemplateDirectory() -> URL? {
        Installation.candidates(shared: "templates", checkout: "templates")
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("deck.mustache").path) }
    }

    /// The site index of `lectures` (in course order): built lectures with
    /// their results, the others parsed for their titles, headings and equations.
    static func index(course: Course, outcomes: [LectureOutcome], lectures: [String]) -> SiteIndex {
        var index = SiteIndex(courseRoot: course.root)
        index.planned = Set(lectures)
        let built = Dictionary(outcomes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for (i, path) in lectures.enumerated() {
            if let outcome = built[path] {
                if let lecture = outcome.lecture { index.add(lecture, result: outcome.result, number: i + 1) }
            } else if let lecture = Lecture.parsed(path, in: course) {
                index.add(lecture, result: nil, number: i + 1)
            }
        }
        return index
    }

    /// Every formula the pages of `lectures` (their math and captions) and
    /// the titles and headings of `index` show: none depends on a cell's result.
    static func formulas(of lectures: [Lecture], index: SiteIndex) -> Set<MathTypesetter.Formula> {
        var formulas = Set<MathTypesetter.Formula>()
        func add(plain text: String) { for span in MathHTML.formulas(inPlainText: text) { formulas.insert(MathHTML.formula(span)) } }
        for entry in index.entries.values {
            add(plain: entry.title)
            for section in entry.sections { add(plain: section.title) }
        }
        for lecture in lectures {
            for span in lecture.math { formulas.insert(MathHTML.formula(span)) }
            for cell in lecture.cells { for caption in [cell.options.figCap, cell.options.tblCap].compactMap({ $0 }) { add(plain: caption) } }
        }
        return formulas
    }

    /// Every formula the pages of `outcomes` and the titles and headings of
    /// `index` show, typeset at build time in one batch (by `ahead`'s
    /// typesetter, once it has finished, when the render started one).
    static func typesetMath(course: Course, outcomes: [LectureOutcome], index: SiteIndex, ahead: MathAhead? = nil) -> (MathHTML, complete: Bool) {
        let formulas = formulas(of: outcomes.compactMap(\.lecture), index: index)
        guard !formulas.isEmpty else { return (MathHTML(), true) }
        ahead?.finish()
        let math = MathHTML(outcomes: (ahead?.typesetter ?? MathTypesetter(state: course.stateDirectory)).typeset(formulas))
        return (math, math.covers(formulas))
    }

    /// The errors the pages of `outcomes` would show (references, links,
    /// assets, labels, TeX), by lecture, without writing anything: `lectern check`.
    /// With `formats`, also what the deck and the handout would say (slides
    /// that do not fit, no engine to print with).
    public static func pageErrors(course: Course, outcomes: [LectureOutcome], lectures: [String], formats: Bool = true) -> [String: [LecternError]] {
        let index = index(course: course, outcomes: outcomes, lectures: lectures)
        let (math, _) = typesetMath(course: course, outcomes: outcomes, index: index)
        var errors: [String: [LecternError]] = [:]
        let engine = PDFPrinter.engine
        for outcome in outcomes {
            guard let lecture = outcome.lecture else { continue }
            let resolved = ResolvedLecture(lecture: lecture, result: outcome.result, figures: outcome.figures, index: index, math: math)
            var found = resolved.errors
            if formats {
                for renderer in formatRenderers where renderer.format != .html && lecture.formats.makes(renderer.format) {
                    found += renderer.init(resolved).warnings
                }
            }
            if formats, lecture.formats.makes(.pdf), engine == nil { found.append(PDFPrinter.missingEngine(lecture.path)) }
            if !found.isEmpty { errors[outcome.path] = found }
        }
        return errors
    }

    /// Writes the pages of `outcomes` (and their decks and handouts), the
    /// index of all `lectures`, and the assets. Returns the errors found while
    /// writing pages (references, links, assets, slides, handouts).
    public func write(_ outcomes: [LectureOutcome], lectures: [String]) throws -> [String: [LecternError]] {
        var (errors, handouts) = try writePages(outcomes, lectures: lectures)
        for (path, found) in printHandouts(handouts) { errors[path, default: []] += found }
        return errors
    }

    /// Prints the handouts `writePages(_:lectures:)` left, from
    /// the published pages' folders (their images and styles are there), and
    /// publishes them by themselves: a handout that fails costs only its PDF.
    func printHandouts(_ handouts: [PDFPrinter.Job]) -> [String: [LecternError]] {
        guard !handouts.isEmpty, !Teardown.stopping else { return [:] }
        let printed = AtomicFile()
        var errors = PDFPrinter.print(handouts, state: course.stateDirectory, files: printed, remote: remote).mapValues { [$0] }
        do { try printed.commit() } catch {
            for job in handouts { errors[job.lecture, default: []].append(.io(job.target.path, "write the handout", error)) }
        }
        return errors
    }

    /// Writes the pages, decks, index and assets; returns the handouts to print (the
    /// preview prints them after the pages have reloaded).
    func writePages(_ outcomes: [LectureOutcome], lectures: [String]) throws -> ([String: [LecternError]], [PDFPrinter.Job]) {
        var errors: [String: [LecternError]] = [:]
        let index = Self.index(course: course, outcomes: outcomes, lectures: lectures)
        let (math, complete) = Self.typesetMath(course: course, outcomes: outcomes, index: index, ahead: mathAhead)
        let rendering = Rendering(index: index, math: math, clientMath: !complete)
        // Every file of this write is staged, then all are renamed at once:
        // a signal or a full disk leaves the site as it was, never half new.
        let files = AtomicFile()
        var handouts: [PDFPrinter.Job] = []
        var searched: [String: [SearchText.Section]] = [:]
        for outcome in outcomes {
            guard let position = lectures.firstIndex(of: outcome.path) else { continue }
            let (html, pageErrors, resolved, content) = try page(outcome, position: position, lectures: lectures, rendering, files)
            if let content { searched[outcome.path] = SearchText.sections(of: content) }
            try files.write(html, to: try target(SitePath.page(for: outcome.path)))
            var found = pageErrors
            if let resolved {
                let (formatErrors, handout) = try otherFormats(resolved, rendering, files)
                found += formatErrors
                if let handout { handouts.append(handout) }
            }
            if !found.isEmpty { errors[outcome.path] = found }
        }
        try writeIndex(lectures: lectures, rendering, outcomes: outcomes, files)
        try writeAssets(files)
        try writeSearchIndex(lectures: lectures, index: index, rendered: searched, files)
        try files.commit()
        // A lecture that no longer asks for a format loses that file (the index no longer links it).
        for outcome in outcomes where !Teardown.stopping {
            guard let lecture = outcome.lecture else { continue }
            for format in [Format.revealjs, .pdf] where !lecture.formats.makes(format) {
                if let stale = try? target(format.file(forPage: SitePath.page(for: lecture.path))) {
                    try? FileManager.default.removeItem(at: stale)
                }
            }
        }
        return (errors, handouts)
    }

    /// The deck and the handout of `resolved`, when its lecture is made in
    /// those formats: the deck is staged in `files`, the handout returned
    /// to print. Also the deck's warnings (slides that do not fit).
    private func otherFormats(_ resolved: ResolvedLecture, _ rendering: Rendering, _ files: AtomicFile) throws -> ([LecternError], PDFPrinter.Job?) {
        let lecture = resolved.lecture
        let here = SitePath.page(for: lecture.path)
        var errors: [LecternError] = []
        var context = titleContext(lecture, rendering)
        context["root"] = SitePath.root(from: here)
        context["stylesheets"] = stylesheetContext(root: SitePath.root(from: here))
        context["courseTitle"] = course.config.title
        context["clientMath"] = rendering.clientMath
        context["source"] = lecture.path
        // The handout is printed from the page's folder, so relative links and images resolve as on the page.
        context["base"] = target(folderOf: here).absoluteString
        context["pageHref"] = SitePath.href(from: here, to: here)
        if lecture.formats.makes(.pdf) { context["pdfHref"] = SitePath.href(from: here, to: Format.pdf.file(forPage: here)) }
        let paper = lecture.formats.text(Format.papersize, for: .pdf)
        context["paper"] = paper == "letter" ? "letter" : "A4"
        context["headerTitle"] = Self.cssString(MathText.readable(prose: lecture.title))
        var handout: PDFPrinter.Job?
        // The page is written with its navigation by `page(…)`; the other formats here.
        for renderer in formatRenderers where renderer.format != .html && lecture.formats.makes(renderer.format) {
            let made = renderer.init(resolved)
            errors += made.warnings
            var filled = context
            filled["content"] = made.content
            guard let html = templates.render(filled, withTemplate: renderer.template) else {
                throw LecternError.setup(file: "templates/\(renderer.template).mustache", "the \(renderer.format.rawValue) template is missing or did not render: a course's own templates/ needs \(renderer.template).mustache (copy Lectern's)")
            }
            let file = try target(renderer.format.file(forPage: here))
            if renderer.format == .pdf {
                handout = PDFPrinter.Job(lecture: lecture.path, html: html, paper: paper, target: file,
                                         root: output.appendingPathComponent("", isDirectory: true).absoluteString, page: here)
            } else {
                try files.write(html, to: file)
            }
        }
        return (errors, handout)
    }

    /// The site folder of a page, as a file URL ending in `/`.
    private func target(folderOf page: String) -> URL {
        let folder = SitePath.directory(of: page)
        return (folder.isEmpty ? output : output.appendingPathComponent(folder)).appendingPathComponent("", isDirectory: true)
    }

    /// The title, subtitle and byline of a lecture, for any format's template.
    private func titleContext(_ lecture: Lecture, _ rendering: Rendering) -> [String: Any] {
        var context: [String: Any] = [
            "title": MathText.readable(prose: title(of: lecture.path, index: rendering.index)),
            "titleHTML": titleHTML(of: lecture.path, rendering),
        ]
        if let subtitle = lecture.frontMatter.subtitle, !subtitle.isEmpty { context["subtitle"] = subtitle }
        // The lecture's authors, else the course's, else none: never a placeholder.
        let authors = lecture.frontMatter.authors.isEmpty ? (course.config.author ?? "") : lecture.frontMatter.authors.joined(separator: ", ")
        let byline = [authors, lecture.frontMatter.date ?? ""].filter { !$0.isEmpty }
        if !byline.isEmpty { context["byline"] = byline.joined(separator: " · ") }
        context.merge(Source.templateContext(lecture.frontMatter.sources)) { $1 }
        return context
    }

    /// `text` as the inside of a CSS string (for the handout's running header).
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "<", ">", "&": out += String(format: "\\%x ", scalar.value)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What every page of one write shares.
    struct Rendering {
        var index: SiteIndex
        var math: MathHTML
        /// Some math could not be typeset at build time: pages load KaTeX's script.
        var clientMath: Bool
    }

    private func title(of path: String, index: SiteIndex) -> String {
        index[path]?.title ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// A title (or heading) as HTML, its math typeset.
    private func titleHTML(of path: String, _ rendering: Rendering) -> String {
        rendering.math.html(ofPlainText: title(of: path, index: rendering.index)).html
    }

    private func page(_ outcome: LectureOutcome, position: Int, lectures: [String], _ rendering: Rendering,
                      _ files: AtomicFile) throws -> (String, [LecternError], ResolvedLecture?, content: String?) {
        let index = rendering.index
        let here = SitePath.page(for: outcome.path)
        var context: [String: Any] = [
            "courseTitle": course.config.title,
            "title": MathText.readable(prose: title(of: outcome.path, index: index)),
            "titleHTML": titleHTML(of: outcome.path, rendering),
            "source": outcome.path,
            "root": SitePath.root(from: here),
            "stylesheets": stylesheetContext(root: SitePath.root(from: here)),
            "indexHref": SitePath.href(from: here, to: "index.html"),
            "clientMath": rendering.clientMath,
        ]
        if position > 0 {
            let p = lectures[position - 1]
            context["previous"] = ["href": SitePath.href(from: here, to: SitePath.page(for: p)), "titleHTML": titleHTML(of: p, rendering)]
        }
        if position + 1 < lectures.count {
            let n = lectures[position + 1]
            context["next"] = ["href": SitePath.href(from: here, to: SitePath.page(for: n)), "titleHTML": titleHTML(of: n, rendering)]
        }
        var pageErrors: [LecternError] = []
        var resolved: ResolvedLecture?
        var content: String?
        if let lecture = outcome.lecture {
            let page = Page(ResolvedLecture(lecture: lecture, result: outcome.result, figures: outcome.figures, index: index, math: rendering.math))
            resolved = page.resolved
            var formats: [[String: String]] = []
            if lecture.formats.makes(.revealjs) { formats.append(["name": "Slides", "href": SitePath.href(from: here, to: Format.revealjs.file(forPage: here))]) }
            if lecture.formats.makes(.pdf) { formats.append(["name": "PDF", "href": SitePath.href(from: here, to: Format.pdf.file(forPage: here))]) }
            if !formats.isEmpty { context["formats"] = formats; context["hasFormats"] = true }
            removeFigureFiles(folder: SitePath.figureFolder(for: lecture.path))
            try writeDownloads(lecture, page: here, files)
            for (from, to) in page.assets {
                try files.copy(from, to: try target(to))
            }
            pageErrors = page.errors
            context["content"] = page.html
            content = page.html
            // Mustache shows a section for "", so leave out what is empty.
            context.merge(titleContext(lecture, rendering)) { _, new in new }
            let toc = lecture.headings.filter { lecture.settings.flag(Options.toc) && ($0.level == 2 || $0.level == 3) && !$0.inTabset }
                .map { ["id": SitePath.encode($0.id), "html": ($0.number.map { $0 + " " } ?? "") + rendering.math.html(ofPlainText: $0.text).html,
                        "sub": $0.level == 3] as [String: Any] }
            context["toc"] = toc
            context["hasToc"] = !toc.isEmpty
            let stem = URL(fileURLWithPath: here).deletingPathExtension().lastPathComponent
            context["downloads"] = ["md": SitePath.href(from: here, to: String(here.dropLast(5)) + ".md"),
                                    "swift": SitePath.href(from: here, to: String(here.dropLast(5)) + ".swift"),
                                    "mdName": stem + ".md", "swiftName": stem + ".swift"]
            context["nav"] = navigation(from: here, current: outcome.path, lectures: lectures, rendering, toc: toc)
        } else {
            context["nav"] = navigation(from: here, current: outcome.path, lectures: lectures, rendering, toc: [])
        }
        if outcome.pending { context["running"] = true }
        // Warnings go to the console; the page shows what is wrong.
        let allErrors = courseErrors + (outcome.errors + pageErrors).filter { !$0.isWarning }
        if !allErrors.isEmpty {
            context["errors"] = allErrors.map { ["text": $0.description] }
            context["hasErrors"] = true
        }
        guard let html = templates.render(context, withTemplate: "page") else {
            throw LecternError(file: "templates/page.mustache", "the page template did not render")
        }
        return (html, pageErrors, resolved, content)
    }

    /// Where the site file at `sitePath` is written: inside the site folder
    /// by `ContainedPath`'s rule (no `..`, no link out of it), or an error.
    func target(_ sitePath: String) throws -> URL {
        switch ContainedPath.resolve(sitePath, in: output) {
        case .success(let inside): return output.appendingPathComponent(inside)
        case .failure(let problem):
            throw LecternError.setup(file: sitePath, "refusing to write \(problem.describe(sitePath, folder: "the site folder \(output.path)"))")
        }
    }

    /// Removes the figure files earlier versions of Lectern wrote beside a
    /// page (figures now ship once, inline).
    private func removeFigureFiles(folder: String) {
        let fm = FileManager.default
        let directory = output.appendingPathComponent(folder)
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix("fig-") && name.hasSuffix(".svg") {
            try? fm.removeItem(at: directory.appendingPathComponent(name))
        }
        // The folder, and `figures/` above it, go when nothing else is in them.
        for folder in [directory, directory.deletingLastPathComponent()] where (try? fm.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? fm.removeItem(at: folder)
        }
    }

    /// What a student downloads beside the page: the lecture's source and its
    /// cells as one Swift file (`StudentProgram`).
    private func writeDownloads(_ lecture: Lecture, page: String, _ files: AtomicFile) throws {
        let stem = String(page.dropLast(".html".count))
        if var source = try? Data(contentsOf: course.root.appendingPathComponent(lecture.path)) {
            if !lecture.leftOutLines.isEmpty, let text = String(data: source, encoding: .utf8) {
                // Solutions left out (`solutions: false`): their lines go from the download too.
                let kept = SourceText.lines(SourceText.normalised(text)).enumerated().filter { !lecture.leftOutLines.contains($0.offset + 1) }
                source = Data(kept.map(\.element).joined(separator: "\n").utf8)
            }
            try files.write(source, to: try target(stem + ".md"))
        }
        try files.write(StudentProgram(lecture: lecture).source, to: try target(stem + ".swift"))
    }

    /// The sidebar: every lecture in order, the current one marked with its sections.
    private func navigation(from here: String, current: String, lectures: [String], _ rendering: Rendering, toc: [[String: Any]]) -> [[String: Any]] {
        lectures.enumerated().map { i, path in
            var item: [String: Any] = ["href": SitePath.href(from: here, to: SitePath.page(for: path)),
                                       "titleHTML": titleHTML(of: path, rendering), "number": i + 1, "current": path == current,
                                       "hasSections": false]
            if path == current, !toc.isEmpty {
                item["sections"] = toc
                item["hasSections"] = true
            }
            return item
        }
    }

    /// `assets/search-index.js`: every section of every lecture, for the
    /// search box (a script, so it loads from `file://` too).
    func writeSearchIndex(lectures: [String], index: SiteIndex, rendered: [String: [SearchText.Section]], _ files: AtomicFile) throws {
        try files.write(SearchIndex(lectures: lectures, index: index, rendered: rendered).script,
                             to: try target("assets/search-index.js"))
    }

    private func writeIndex(lectures: [String], _ rendering: Rendering, outcomes: [LectureOutcome], _ files: AtomicFile) throws {
        var entries: [[String: Any]] = []
        // The course's sources, each once, with the lectures that teach from it (in course order).
        var sources: [(source: Source, lectures: [Int])] = []
        for (i, path) in lectures.enumerated() {
            // Each entry says whether it has a subtitle, so Mustache never
            // falls back to the course's own.
            var entry: [String: Any] = ["href": SitePath.href(from: "index.html", to: SitePath.page(for: path)),
                                        "titleHTML": titleHTML(of: path, rendering), "number": i + 1,
                                        "hasLectureSubtitle": false, "hasLectureDescription": false, "hasFormats": false, "hasSources": false]
            if let lecture = outcomes.first(where: { $0.path == path })?.lecture {
                let page = SitePath.page(for: path)
                var formats: [[String: String]] = []
                let name = MathText.readable(prose: title(of: path, index: rendering.index))
                if lecture.formats.makes(.revealjs) {
                    formats.append(["name": "Slides", "label": "Slides of " + name, "href": SitePath.href(from: "index.html", to: Format.revealjs.file(forPage: page))])
                }
                if lecture.formats.makes(.pdf) {
                    formats.append(["name": "PDF", "label": "Handout (PDF) of " + name, "href": SitePath.href(from: "index.html", to: Format.pdf.file(forPage: page))])
                }
                entry["formats"] = formats
                entry["hasFormats"] = !formats.isEmpty
                if let subtitle = lecture.frontMatter.subtitle, !subtitle.isEmpty {
                    entry["lectureSubtitle"] = subtitle
                    entry["hasLectureSubtitle"] = true
                }
                entry.merge(Source.templateContext(lecture.frontMatter.sources)) { $1 }
                for source in lecture.frontMatter.sources {
                    if let k = sources.firstIndex(where: { $0.source == source }) { sources[k].lectures.append(i + 1) }
                    else { sources.append((source, [i + 1])) }
                }
                // Its description, else the first sentences of its first paragraph.
                if let description = lecture.frontMatter.description ?? Self.firstParagraph(of: lecture), !description.isEmpty {
                    entry["lectureDescription"] = description
                    entry["hasLectureDescription"] = true
                }
            }
            entries.append(entry)
        }
        var context: [String: Any] = ["courseTitle": course.config.title, "lectures": entries, "hasCourseSources": !sources.isEmpty,
                                      "stylesheets": stylesheetContext(root: "")]
        context["courseSources"] = sources.map { entry -> [String: Any] in
            let numbers = entry.lectures.map(String.init)
            let list = numbers.count == 1 ? "Lecture " + numbers[0] : "Lectures " + numbers.dropLast().joined(separator: ", ") + " and " + numbers.last!
            var item: [String: Any] = ["text": entry.source.text, "lectures": list]
            if let url = entry.source.url { item["url"] = url }
            return item
        }
        if let subtitle = course.config.subtitle { context["subtitle"] = subtitle }
        let byline = [course.config.author, course.config.date].compactMap { $0 }.filter { !$0.isEmpty }
        if !byline.isEmpty { context["author"] = byline.joined(separator: " · ") }
        if let description = course.config.description {
            // Markdown, written by the course's author: rendered as a lecture's prose is (math as text).
            context["descriptionHTML"] = Markdown(description).blocks().map(\.html).joined()
        }
        guard let html = templates.render(context, withTemplate: "index") else {
            throw LecternError(file: "templates/index.mustache", "the index template did not render")
        }
        try files.write(html, to: try target("index.html"))
    }

    /// The first paragraph of a lecture's prose (at the top level, not in a
    /// callout or an exercise) as plain text, its math read out, cut after
    /// the sentence that passes 200 characters: the index's line about it.
    /// None when that paragraph shows a computed value or a citation (an
    /// index line must not show a placeholder) or is too short to say much.
    static func firstParagraph(of lecture: Lecture) -> String? {
        var depth = 0
        for block in lecture.blocks {
            if case .divOpen = block { depth += 1 }
            if case .divClose = block { depth -= 1 }
            guard depth == 0, case .prose(let html, _, .paragraph, _) = block else { continue }
            let m = lecture.marker
            guard !html.contains("<!--\(m):inline:"), !html.contains("<!--\(m):cite:") else { return nil }
            var text = Page.substitute(html, marker: m, "math") { index in
                Int(index).flatMap { lecture.math[safe: $0] }.map { MathText.readable(tex: $0.tex) } ?? ""
            }
            text = text.replacing(/<!--[^>]*-->/, with: "").replacing(/<[^>]+>/, with: "")
            text = Lecture.collapsingWhitespace(HTML.unescape(text)).trimmingCharacters(in: .whitespaces)
            guard text.count >= 40 else { return nil }
            if text.count <= 230 { return text }
            // Whole sentences: as many as fit in 230 characters (at least 80), else the first if it ends by 320.
            let chars = Array(text)
            let ends = chars.indices.filter { ".!?".contains(chars[$0]) && ($0 + 1 == chars.count || chars[$0 + 1] == " ") }
            if let end = ends.last(where: { $0 >= 80 && $0 < 230 }) ?? ends.first(where: { $0 < 320 }) {
                return String(chars[...end])
            }
            return String(chars[..<200]).trimmingCharacters(in: .whitespaces) + "…"
        }
        return nil
    }

    private func writeAssets(_ files: AtomicFile) throws {
        let fm = FileManager.default
        // Lectern's styles and scripts, each replaced by the course's own file of that name.
        var names = Set<String>()
        for folder in [ownTemplates, courseTemplates].compactMap({ $0 }) {
            for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".css") || name.hasSuffix(".js") { names.insert(name) }
        }
        for name in names.sorted() {
            guard let url = Self.layered(name, course: courseTemplates, own: ownTemplates) else { continue }
            try files.copy(url, to: try target("assets/" + name))
        }
        for sheet in stylesheets { try files.copy(sheet.from, to: try target(sheet.to)) }
        guard names.contains("style.css") else {
            throw LecternError.setup(file: "templates/style.css", "the site has no stylesheet: neither the course's templates/ nor Lectern's own has style.css (reinstall Lectern)")
        }
        // reveal.js (MIT, its licence beside it), for the slides.
        var reveal = courseTemplates.appendingPathComponent("reveal")
        if !fm.fileExists(atPath: reveal.path), let own = ownTemplates { reveal = own.appendingPathComponent("reveal") }
        for name in (try? fm.contentsOfDirectory(atPath: reveal.path)) ?? [] where !name.hasPrefix(".") {
            try files.copy(reveal.appendingPathComponent(name), to: try target("assets/reveal/" + name))
        }
        // The text face (style.css asks for it): Charis SIL, from Debian's fonts-sil-charis, with its licence.
        for font in Self.textFaces where fm.fileExists(atPath: Self.textFaceSource.appendingPathComponent(font).path) {
            try files.copy(Self.textFaceSource.appendingPathComponent(font), to: try target("assets/fonts/" + font))
        }
        if fm.fileExists(atPath: Self.textFaceLicence.path) {
            try files.copy(Self.textFaceLicence, to: try target("assets/fonts/LICENSE-CharisSIL.txt"))
        }
        let scripts = ["katex.min.js", "katex.min.css", "contrib/auto-render.js"]
        guard fm.fileExists(atPath: Self.katexSource.appendingPathComponent(scripts[0]).path) else { return }
        for file in scripts {
            let to = try target("assets/katex/" + URL(fileURLWithPath: file).lastPathComponent)
            if !fm.fileExists(atPath: to.path) {
                try files.copy(Self.katexSource.appendingPathComponent(file), to: to)
            }
        }
        let fonts = Self.katexSource.appendingPathComponent("fonts").resolvingSymlinksInPath()
        for font in (try? fm.contentsOfDirectory(atPath: fonts.path)) ?? [] where font.hasSuffix(".woff2") || font.hasSuffix(".woff") {
            let to = try target("assets/katex/fonts/" + font)
            if !fm.fileExists(atPath: to.path) {
                try files.copy(fonts.appendingPathComponent(font), to: to)
            }
        }
    }
}
