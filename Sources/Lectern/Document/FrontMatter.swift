import Foundation
import Yams

/// A lecture's YAML front matter, between `---` lines at the top of the file.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var subtitle: String?
    public var authors: [String] = []
    public var date: String?
    public var description: String?
    /// What the lecture teaches from (`source:`): named on its page, slides, handout and the index.
    public var sources: [Source] = []
    /// The seed of the lecture's random generator; derived from the file path when absent.
    public var seed: UInt64?
    /// The lecture's own settings (`timeout`, `toc`, … : the table's
    /// `.lecture` options), over the course's.
    public var options = OptionValues()
    /// Defaults for this lecture's cells (`execute:`).
    public var execute = OptionValues()
    /// The formats the lecture is made in (`format:`), over the course's.
    public var formats = Formats()
    /// Files the cells read, relative to the lecture: part of the cache key.
    public var inputs: [String] = []
    /// The line of `inputs:`, for errors about its entries.
    public var inputsLine: Int?
    /// The bibliography files it cites from (`bibliography:`), relative to the lecture.
    public var bibliography: [BibliographyFile] = []
    /// `citation-style:` (over the course's).
    public var citationStyle: CitationStyle?
    /// Keys ignored, and a leading `---` block read as Markdown: said, not fatal.
    public var warnings: [LecternError] = []

    public init() {}

    static let keys = ["title", "subtitle", "author", "date", "description", "source", "seed", "execute", "inputs", "format", "bibliography", "citation-style"] + Options.keys([.lecture])

    /// Quarto and Pandoc keys that mean nothing to Lectern: each gets a
    /// warning at its line, and the lecture builds.
    static let foreignKeys: Set<String> = [
        "jupyter", "engine", "editor", "knitr", "lang", "keywords", "categories",
        "abstract", "toc-depth", "toc-title", "toc-location", "code-fold", "code-tools", "code-line-numbers",
        "highlight-style", "theme", "css", "filters", "crossref", "citation", "license", "copyright", "draft",
        "image", "lightbox", "fig-cap-location", "tbl-cap-location", "reference-location", "number-depth",
        "freeze", "page-layout", "title-block-banner", "institute", "affiliation", "email", "documentclass",
        "geometry", "fontsize", "mainfont", "monofont", "linestretch", "header-includes", "include-in-header",
    ]

    /// Splits `source` into its front matter and its body. The body keeps the
    /// front matter's lines as blank lines, so body line numbers are file line
    /// numbers. Front matter is a YAML mapping between a `---` first line and
    /// the next `---` (or `...`) line; a leading `---` block that is not one
    /// (`---`/`Foo`/`---`, a setext heading after a rule; `---`/`---`, two
    /// rules) is Markdown, with a warning when it reads like YAML; YAML that
    /// reads like front matter but does not parse is an error at its line.
    static func split(_ source: String, file: String) throws -> (FrontMatter, body: String) {
        let lines = SourceText.lines(source)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            return (FrontMatter(), source)
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" || $0 == "..." }) else {
            // A rule at the top with no second one is Markdown, unless it reads like front matter.
            if lines.dropFirst().prefix(while: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).contains(where: readsLikeYAML) {
                throw LecternError(file: file, line: 1, "the front matter that starts here has no closing '---' line")
            }
            return (FrontMatter(), source)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        guard !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return (FrontMatter(), source) }
        let looksLikeYAML = lines[1..<end].contains(where: readsLikeYAML)
        let root: Node?
        do {
            root = try YAMLText.compose(yaml, file: file, firstLine: 2, what: "the front matter")
        } catch {
            // Broken YAML that reads like front matter is an error, not Markdown:
            // read as prose, the lecture would lose its title and seed quietly.
            guard looksLikeYAML || YAMLText.lineTooDeep(yaml) != nil else { return (FrontMatter(), source) }
            throw error
        }
        guard let root, root.mapping != nil else {
            var markdown = FrontMatter()
            if looksLikeYAML {
                markdown.warnings.append(.warning(file: file, line: 2, "this '---' block is not a YAML mapping, so it is shown as Markdown; front matter is 'key: value' lines"))
            }
            return (markdown, source)
        }
        let body = String(repeating: "\n", count: end + 1) + lines[(end + 1)...].joined(separator: "\n")
        return (try parse(yaml, file: file, firstLine: 2), body)
    }

    /// Whether a line looks like a YAML `key: value` (or `- key: value`) line.
    static func readsLikeYAML(_ line: Substring) -> Bool {
        line.firstMatch(of: #/^(- )?[A-Za-z][\w-]*:(\s|$)/#) != nil
    }

    static func parse(_ yaml: String, file: String, firstLine: Int) throws -> FrontMatter {
        var matter = FrontMatter()
        guard let root = try YAMLText.compose(yaml, file: file, firstLine: firstLine, what: "the front matter") else { return matter }
        guard let mapping = root.mapping else {
            throw LecternError(file: file, line: firstLine, "the front matter must be a YAML mapping such as 'title: \"…\"'")
        }
        // Every bad key is reported in one run, not one per run.
        var problems: [LecternError] = []
        for (key, value) in mapping {
            do { try read(key, value, into: &matter, file: file, firstLine: firstLine) } catch let error as LecternError { problems.append(error) }
        }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw LecternErrors(all: problems) }
        return matter
    }

    /// Reads one key of the front matter into `matter`.
    private static func read(_ key: Node, _ value: Node, into matter: inout FrontMatter, file: String, firstLine: Int) throws {
        let name = key.string ?? ""
        let line = firstLine + (key.mark?.line ?? 1) - 1
        func text() throws -> String { try YAMLText.text(value, key: name, file: file, line: line) }
        switch name {
        case "title": matter.title = try text()
        case "subtitle": matter.subtitle = try text()
        case "date": matter.date = try text()
        case "description": matter.description = try text()
        case "author": matter.authors = try YAMLText.texts(value, key: name, file: file, line: line)
        case "source": matter.sources = try Source.read(value, file: file, line: line, firstLine: firstLine)
        case "seed":
            guard let seed = value.int, seed >= 0 else {
                throw LecternError(file: file, line: line, "'seed' must be a whole number ≥ 0, not '\(value.string ?? "")'")
            }
            matter.seed = UInt64(seed)
        case "execute":
            matter.execute = try OptionValues.execute(value, file: file, firstLine: firstLine)
        case "format":
            matter.formats = try Formats.read(value, file: file, line: line, firstLine: firstLine)
        case "bibliography":
            matter.bibliography = try BibliographyFile.read(value, base: file.split(separator: "/").dropLast().joined(separator: "/"), file: file, line: line)
        case "citation-style":
            matter.citationStyle = try CitationStyle.read(value, file: file, line: line)
        case "csl":
            matter.warnings.append(.warning(file: file, line: line, "'csl' styles are not supported: citations use Lectern's author-year style, or 'citation-style: numeric'"))
        case _ where foreignKeys.contains(name):
            matter.warnings.append(.warning(file: file, line: line, "'\(name)' means nothing to Lectern and is ignored (it is a Quarto or Pandoc setting)"))
        case "inputs":
            guard let list = value.sequence ?? (value.scalar != nil ? [value] : nil) else {
                throw LecternError(file: file, line: line, "'inputs' must be a list of files, e.g. [data/events.csv]")
            }
            matter.inputs = try list.map { try YAMLText.text($0, key: "inputs", file: file, line: line) }
            matter.inputsLine = line
        default:
            if try matter.options.set(name, value, levels: [.lecture], file: file, line: line) { return }
            let hint = Options.named(name, [.cell, .cellOrDefault]) != nil
                ? " ('\(name)' is a cell option: set it on a cell, or for every cell under 'execute:')"
                : Options.suggestion(for: name, among: keys)
            throw LecternError(file: file, line: line, "unknown front matter key '\(name)'\(hint); known: \(keys.joined(separator: ", "))")
        }
    }
}

/// The line (1-based, within the YAML text) that a Yams error points at.
func yamlLine(_ error: YamlError) -> Int {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
        return mark.line
    default:
        return 1
    }
}

/// The problem a Yams error describes, without its echo of the YAML text.
func yamlProblem(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
        return problem
    default:
        return "\(error)"
    }
}
