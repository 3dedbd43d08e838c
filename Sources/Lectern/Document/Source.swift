import Yams

/// What a lecture teaches from: a talk's or a course's slides, a paper, a
/// book. Front matter `source:`, one mapping or a list of them:
///
///     source:
///       author: Ezequiel Alvarez
///       title: "Bayesian Machine Learning for Scientific Research"
///       event: ICTP-SAIFR
///       date: October 2024
///       url: https://…
///
/// The page, the slides' title slide, the handout and the course's index
/// name it ("Based on: Ezequiel Alvarez, “Bayesian Machine Learning for
/// Scientific Research”, ICTP-SAIFR, October 2024").
public struct Source: Sendable, Equatable {
    public var authors: [String]
    public var title: String
    public var event: String?
    public var date: String?
    public var url: String?

    /// The fields a source may have.
    static let fields = ["author", "title", "event", "date", "url"]

    /// "Author, “Title”, event, date": how a page names the source.
    public var text: String {
        ([authors.joined(separator: ", "), "“\(title)”"] + [event, date].compactMap { $0 }).filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// `sources` for a template: each with its text, its link (when it has
    /// one) and what follows it ("; " or nothing), under `sources`, with
    /// `hasSources`.
    static func templateContext(_ sources: [Source]) -> [String: Any] {
        let items: [[String: Any]] = sources.enumerated().map { i, source in
            var item: [String: Any] = ["text": source.text, "separator": i < sources.count - 1 ? "; " : ""]
            if let url = source.url { item["url"] = url }
            return item
        }
        return ["sources": items, "hasSources": !sources.isEmpty]
    }

    /// The sources of front matter `source:` at `line`: one mapping or a list
    /// of mappings, each with an author and a title; every other problem is
    /// an error at the line that says how to write it.
    /// (`line` is the key's file line; `firstLine` the file line of the YAML's first line.)
    static func read(_ value: Node, file: String, line: Int, firstLine: Int) throws -> [Source] {
        let example = "source: {author: …, title: \"…\", event: …, date: …}"
        let entries = value.sequence ?? [value]
        return try entries.map { entry in
            guard let mapping = entry.mapping else {
                throw LecternError(file: file, line: line, "'source' must be a mapping with author and title (and event, date, url), or a list of them: \(example)")
            }
            var authors: [String] = [], title: String?, event: String?, date: String?, url: String?
            for (key, field) in mapping {
                let name = key.string ?? ""
                let at = key.mark.map { firstLine + $0.line - 1 } ?? line
                switch name {
                case "author": authors = try YAMLText.texts(field, key: "source: author", file: file, line: at)
                case "title": title = try YAMLText.text(field, key: "source: title", file: file, line: at)
                case "event": event = try YAMLText.text(field, key: "source: event", file: file, line: at)
                case "date": date = try YAMLText.text(field, key: "source: date", file: file, line: at)
                case "url":
                    url = try YAMLText.text(field, key: "source: url", file: file, line: at)
                    guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") else {
                        throw LecternError(file: file, line: at, "a source's 'url' is a web address starting with https:// or http://, not '\(url ?? "")'")
                    }
                default:
                    throw LecternError(file: file, line: at, "unknown field '\(name)' of 'source'\(Options.suggestion(for: name, among: fields)); known: \(fields.joined(separator: ", "))")
                }
            }
            guard let title, !title.isEmpty, !authors.isEmpty else {
                throw LecternError(file: file, line: line, "a 'source' needs its author and its title: \(example)")
            }
            return Source(authors: authors, title: title, event: event, date: date, url: url)
        }
    }
}
