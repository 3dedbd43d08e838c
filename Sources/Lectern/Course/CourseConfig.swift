import Foundation
import Yams

/// `lectern.yml` at the course root: the course's title, lecture order and
/// execution defaults. Every key is optional; without the file, the lectures
/// are `lectures/*.md` in file-name order.
public struct CourseConfig: Sendable, Equatable {
    public var title = "Lectures"
    public var subtitle: String?
    public var author: String?
    /// What the course is (Markdown), on the index page.
    public var description: String?
    /// When it is given ("Fall 2026"), on the index page.
    public var date: String?
    /// Lecture files in the order of the index, relative to the course root.
    public var lectures: [String]?
    /// The line of each entry of `lectures` in `lectern.yml`.
    public var lectureLines: [Int] = []
    /// Defaults for every lecture's cells (`execute:`).
    public var execute = OptionValues()
    /// The formats every lecture is made in unless its front matter says otherwise.
    public var formats = Formats()
    /// Bibliography files every lecture cites from (`bibliography:`), relative to the course.
    public var bibliography: [BibliographyFile] = []
    /// How citations read unless a lecture says otherwise (`citation-style:`).
    public var citationStyle: CitationStyle?
    /// Stylesheets of the course added after Lectern's on every page, deck and handout (`css:`).
    public var css: [CourseFile] = []
    /// A file `lectern.yml` names, with the line that names it.
    public struct CourseFile: Sendable, Equatable {
        public var path: String
        public var line: Int
    }
    /// The class selectors of the course's `css:` stylesheets: div classes that mean something.
    public var styleClasses: Set<String> = []
    /// TeX definitions every formula of every page knows (`math-macros:`, a file or a mapping).
    public var mathMacros = ""
    /// The line of `math-macros:`, and the file it names (read by `load`).
    var mathMacrosFile: MacroFile?
    struct MacroFile: Equatable, Sendable { var path: String; var line: Int }
    /// Whether `.solution` divs are published (`solutions: false`, or
    /// `lectern render --no-solutions`, leaves every one out of every file of the site).
    public var solutions = true
    /// Where results are shared and how much the local store keeps (`cache:`).
    public var cache = CacheSettings()
    /// Every lecture's settings unless its front matter says otherwise (`timeout`: 600 s).
    public var options = OptionValues()
    /// The longest one lecture may run, in seconds, unless its front matter says otherwise.
    public var timeout: Double { options.number(Options.lectureTimeout)! }  // the table gives it a default (600)

    public init() {}

    static let keys = ["title", "subtitle", "author", "lectures", "execute", "format", "cache", "solutions", "bibliography", "citation-style", "math-macros", "css", "description", "date"] + Options.keys([.lecture])

    /// Reads `lectern.yml` from `root`, or the defaults when there is none.
    public static func load(root: URL) throws -> CourseConfig {
        let url = root.appendingPathComponent("lectern.yml")
        guard FileManager.default.fileExists(atPath: url.path) else { return CourseConfig() }
        guard let text = SourceText.read(url) else {
            throw LecternError(file: "lectern.yml", "cannot read this file as UTF-8 text")
        }
        var config = try parse(text, file: "lectern.yml")
        for sheet in config.css {
            guard case .success(let inside) = ContainedPath.resolve(sheet.path, in: root),
                  let css = SourceText.read(root.appendingPathComponent(inside)) else { continue }  // Site says what is wrong with it
            for match in css.matches(of: /\.([A-Za-z_][A-Za-z0-9_-]*)/) { config.styleClasses.insert(String(match.output.1)) }
        }
        if let (path, line) = config.mathMacrosFile.map({ ($0.path, $0.line) }) {
            let inside: String
            switch ContainedPath.resolve(path, in: root) {
            case .success(let found): inside = found
            case .failure(let problem):
                throw LecternError(file: "lectern.yml", line: line, "math-macros \(problem.describe(path, folder: "the course")); keep the macro file inside the course")
            }
            guard let tex = SourceText.read(root.appendingPathComponent(inside)) else {
                throw LecternError(file: "lectern.yml", line: line, "the math-macros file '\(path)' cannot be read; fix the path")
            }
            // The file's definitions, its comments left out.
            let lines = SourceText.lines(tex).map { line in line.firstRange(of: "%").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            config.mathMacros = MathMacros.definitions(in: lines.joined(separator: "\n"))
        }
        return config
    }

    static func parse(_ text: String, file: String) throws -> CourseConfig {
        var config = CourseConfig()
        let root = try YAMLText.compose(text, file: file, firstLine: 1, what: "lectern.yml")
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw LecternError(file: file, line: root.mark?.line ?? 1, "lectern.yml must be a YAML mapping of settings such as 'title: \"…\"' (known keys: \(keys.joined(separator: ", ")))")
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            let line = key.mark?.line
            switch name {
            case "title": config.title = try YAMLText.text(value, key: name, file: file, line: line ?? 1)
            case "subtitle": config.subtitle = try YAMLText.text(value, key: name, file: file, line: line ?? 1)
            case "description": config.description = try YAMLText.text(value, key: name, file: file, line: line ?? 1)
            case "date": config.date = try YAMLText.text(value, key: name, file: file, line: line ?? 1)
            case "author": config.author = try YAMLText.texts(value, key: name, file: file, line: line ?? 1).joined(separator: ", ")
            case "lectures":
                guard let list = value.sequence else {
                    throw LecternError(file: file, line: line, "'lectures' must be a list of lecture files, e.g. [lectures/01-intro.md]")
                }
                var paths: [String] = []
                for item in list {
                    guard let path = item.string, !path.isEmpty else {
                        throw LecternError(file: file, line: item.mark?.line ?? line, "each entry of 'lectures' is a lecture file, e.g. lectures/01-intro.md")
                    }
                    paths.append(path)
                    config.lectureLines.append(item.mark?.line ?? line ?? 1)
                }
                config.lectures = paths
            case "execute": config.execute = try OptionValues.execute(value, file: file, firstLine: 1)
            case "bibliography": config.bibliography = try BibliographyFile.read(value, base: "", file: file, line: line ?? 1)
            case "citation-style": config.citationStyle = try CitationStyle.read(value, file: file, line: line ?? 1)
            case "css":
                guard let list = value.sequence ?? (value.scalar != nil ? [value] : nil) else {
                    throw LecternError(file: file, line: line, "'css' must be a stylesheet or a list of them, e.g. [custom.css]")
                }
                config.css = try list.map { CourseFile(path: try YAMLText.text($0, key: "css", file: file, line: line ?? 1), line: $0.mark?.line ?? line ?? 1) }
            case "math-macros":
                if let path = value.string, value.scalar != nil {
                    config.mathMacrosFile = MacroFile(path: path, line: line ?? 1)
                } else {
                    config.mathMacros = try MathMacros.read(mapping: value, file: file, line: line ?? 1)
                }
            case "solutions":
                guard let flag = value.bool else {
                    throw LecternError(file: file, line: line, "'solutions' must be true or false (false leaves every '::: {.solution}' out of the site), not \(YAMLText.describe(value))")
                }
                config.solutions = flag
            case "cache": config.cache = try CacheSettings.read(value, file: file, line: line ?? 1)
            case "format": config.formats = try Formats.read(value, file: file, line: line ?? 1, firstLine: 1)
            default:
                if try config.options.set(name, value, levels: [.lecture], file: file, line: line ?? 1) { continue }
                throw LecternError(file: file, line: line, "unknown key '\(name)'\(Options.suggestion(for: name, among: keys)); known: \(keys.joined(separator: ", "))")
            }
        }
        return config
    }
}
