import Foundation
import Mustache

/// The static site: one page per lecture, an index, figures and assets (CSS,
/// KaTeX for math, copied from Debian's `libjs-katex` so pages work offline).
/// Every file is written atomically; an unchanged file is not rewritten.
public struct Site {
    public let course: Course
    public let output: URL
    let templates: MustacheLibrary

    static let katexSource = URL(fileURLWithPath: "/usr/share/javascript/katex")

    public init(course: Course, output: URL) throws {
        self.course = course
        self.output = output
        let directory = try Self.templateDirectory(course: course)
        var library = MustacheLibrary()
        for name in ["page", "index"] {
            let url = directory.appendingPathComponent("\(name).mustache")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw LecternError(file: url.path, "template missing: a course needs templates/page.mustache and templates/index.mustache")
            }
            do { try library.register(text, named: name) } catch {
                throw LecternError(file: url.path, "template does not parse: \(error)")
            }
        }
        templates = library
        templateDirectoryURL = directory
    }

    private let templateDirectoryURL: URL

    /// `templates/` of the course, else the one of the Lectern checkout this executable was built in.
    static func templateDirectory(course: Course) throws -> URL {
        let fm = FileManager.default
        var candidates = [course.root.appendingPathComponent("templates")]
        var up = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            up = up.deletingLastPathComponent()
            candidates.append(up.appendingPathComponent("templates"))
        }
        guard let found = candidates.first(where: { fm.fileExists(atPath: $0.appendingPathComponent("page.mustache").path) }) else {
            throw LecternError(file: "templates/page.mustache", "no page template found in the course or beside Lectern")
        }
        return found
    }

    /// Writes the pages of `outcomes`, the index of all `lectures`, and the assets.
    /// Returns the errors found while writing pages (unresolved references).
    public func write(_ outcomes: [LectureOutcome], lectures: [String]) throws -> [String: [LecternError]] {
        var errors: [String: [LecternError]] = [:]
        let titles = Dictionary(uniqueKeysWithValues: lectures.map { path in (path, title(of: path, outcomes: outcomes)) })
        for outcome in outcomes {
            guard let position = lectures.firstIndex(of: outcome.path) else { continue }
            let (html, pageErrors) = try page(outcome, position: position, lectures: lectures, titles: titles)
            try AtomicFile.write(html, to: output.appendingPathComponent(Self.pageName(outcome.path)))
            if !pageErrors.isEmpty { errors[outcome.path] = pageErrors }
        }
        try writeIndex(lectures: lectures, titles: titles, outcomes: outcomes)
        try writeAssets()
        return errors
    }

    static func pageName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".html"
    }

    private func title(of path: String, outcomes: [LectureOutcome]) -> String {
        if let lecture = outcomes.first(where: { $0.path == path })?.lecture { return lecture.title }
        if let source = try? String(contentsOf: course.root.appendingPathComponent(path), encoding: .utf8),
           let lecture = try? Lecture(source: source, path: path, course: course.config) {
            return lecture.title
        }
        return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    private func page(_ outcome: LectureOutcome, position: Int, lectures: [String], titles: [String: String]) throws -> (String, [LecternError]) {
        var context: [String: Any] = [
            "courseTitle": course.config.title,
            "title": titles[outcome.path] ?? outcome.path,
            "source": outcome.path,
        ]
        if position > 0 {
            let p = lectures[position - 1]
            context["previous"] = ["href": Self.pageName(p), "title": titles[p] ?? p]
        }
        if position + 1 < lectures.count {
            let n = lectures[position + 1]
            context["next"] = ["href": Self.pageName(n), "title": titles[n] ?? n]
        }
        var pageErrors: [LecternError] = []
        if let lecture = outcome.lecture {
            let page = Page(lecture: lecture, result: outcome.result, resultDirectory: outcome.resultDirectory)
            for (from, to) in page.figures {
                try AtomicFile.copy(from, to: output.appendingPathComponent(to))
            }
            pageErrors = page.errors
            context["content"] = page.html
            // Mustache shows a section for "", so leave out what is empty.
            if let subtitle = lecture.frontMatter.subtitle, !subtitle.isEmpty { context["subtitle"] = subtitle }
            if !lecture.frontMatter.authors.isEmpty { context["authors"] = lecture.frontMatter.authors.joined(separator: ", ") }
            if let date = lecture.frontMatter.date, !date.isEmpty { context["date"] = date }
            let toc = lecture.headings.filter { $0.level == 2 || $0.level == 3 }
                .map { ["id": $0.id, "text": $0.text, "sub": $0.level == 3] as [String: Any] }
            context["toc"] = toc
            context["hasToc"] = !toc.isEmpty
        }
        let allErrors = outcome.errors + pageErrors
        if !allErrors.isEmpty {
            context["errors"] = allErrors.map { ["text": $0.description] }
            context["hasErrors"] = true
        }
        guard let html = templates.render(context, withTemplate: "page") else {
            throw LecternError(file: "templates/page.mustache", "the page template did not render")
        }
        return (html, pageErrors)
    }

    private func writeIndex(lectures: [String], titles: [String: String], outcomes: [LectureOutcome]) throws {
        var entries: [[String: Any]] = []
        for (i, path) in lectures.enumerated() {
            var entry: [String: Any] = ["href": Self.pageName(path), "title": titles[path] ?? path, "number": i + 1]
            if let lecture = outcomes.first(where: { $0.path == path })?.lecture {
                if let subtitle = lecture.frontMatter.subtitle { entry["subtitle"] = subtitle }
                if let description = lecture.frontMatter.description { entry["description"] = description }
            }
            entries.append(entry)
        }
        var context: [String: Any] = ["courseTitle": course.config.title, "lectures": entries]
        if let subtitle = course.config.subtitle { context["subtitle"] = subtitle }
        if let author = course.config.author { context["author"] = author }
        guard let html = templates.render(context, withTemplate: "index") else {
            throw LecternError(file: "templates/index.mustache", "the index template did not render")
        }
        try AtomicFile.write(html, to: output.appendingPathComponent("index.html"))
    }

    private func writeAssets() throws {
        let fm = FileManager.default
        let assets = output.appendingPathComponent("assets")
        for name in (try? fm.contentsOfDirectory(atPath: templateDirectoryURL.path)) ?? [] where name.hasSuffix(".css") || name.hasSuffix(".js") {
            try AtomicFile.copy(templateDirectoryURL.appendingPathComponent(name), to: assets.appendingPathComponent(name))
        }
        let katex = assets.appendingPathComponent("katex")
        let files = ["katex.min.js", "katex.min.css", "contrib/auto-render.js"]
        guard fm.fileExists(atPath: Self.katexSource.appendingPathComponent(files[0]).path) else { return }
        for file in files {
            let target = katex.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent)
            if !fm.fileExists(atPath: target.path) {
                try AtomicFile.copy(Self.katexSource.appendingPathComponent(file), to: target)
            }
        }
        let fonts = Self.katexSource.appendingPathComponent("fonts").resolvingSymlinksInPath()
        for font in (try? fm.contentsOfDirectory(atPath: fonts.path)) ?? [] where font.hasSuffix(".woff2") || font.hasSuffix(".woff") {
            let target = katex.appendingPathComponent("fonts/\(font)")
            if !fm.fileExists(atPath: target.path) {
                try AtomicFile.copy(fonts.appendingPathComponent(font), to: target)
            }
        }
    }
}
