import Yams

/// An artefact Lectern makes of a lecture, named as Quarto names it: the web
/// page (`html`), the slide deck (`revealjs`) and the handout (`pdf`). Every
/// format is rendered from the same run of the cells.
public enum Format: String, Sendable, CaseIterable, Hashable, Codable {
    /// The web page (always made).
    case html
    /// The slide deck (reveal.js).
    case revealjs
    /// The handout (a PDF printed from the page).
    case pdf

    /// The file a lecture's artefact of this format is, beside its page
    /// (`a/intro.html` → `a/intro.slides.html`, `a/intro.pdf`).
    public func file(forPage page: String) -> String {
        let stem = String(page.dropLast(".html".count))
        switch self {
        case .html: return page
        case .revealjs: return stem + ".slides.html"
        case .pdf: return stem + ".pdf"
        }
    }

    /// Whether a `when-format` value (one name, or several separated by
    /// commas) names `format`; `latex` is taken for the handout too.
    static func matches(_ value: String, _ format: Format) -> Bool {
        value.split(whereSeparator: { $0 == "," || $0 == " " }).contains { word in
            let name = word.lowercased()
            return name == format.rawValue || (format == .pdf && name == "latex")
        }
    }

    /// The options a format takes, declared once: key, values, default, what it does.
    public struct Setting: Sendable {
        /// Its key under the format (`slide-level`).
        public let key: String
        /// What values it takes, for errors and the README.
        public let accepts: String
        /// Its value when not set.
        public let defaultValue: OptionValue
        /// What it does, one sentence.
        public let summary: String
        let read: @Sendable (Node) -> OptionValue?
    }

    /// The options of each format (the README's list comes from here too).
    public var settings: [Setting] {
        switch self {
        case .html: []
        case .revealjs: [Self.slideLevel, Self.incremental, Self.notes, Self.echo]
        case .pdf: [Self.papersize]
        }
    }

    static let slideLevel = Setting(key: "slide-level", accepts: "a heading level from 1 to 6", defaultValue: .number(2),
                                    summary: "headings of this level start a slide; higher ones give a title slide") { node in
        guard let n = node.int, (1...6).contains(n) else { return nil }
        return .number(Double(n))
    }
    static let incremental = Setting(key: "incremental", accepts: "true or false", defaultValue: .flag(false),
                                     summary: "lists appear item by item", read: Option.flag)
    static let notes = Setting(key: "notes", accepts: "prose or overflow", defaultValue: .text("overflow"),
                               summary: "which paragraphs become speaker notes: all of them, or those that do not fit") { node in
        guard let text = node.string, ["prose", "overflow"].contains(text) else { return nil }
        return .text(text)
    }
    static let echo = Setting(key: "echo", accepts: "true or false", defaultValue: .flag(false),
                              summary: "show every cell's code on the slides (default: a cell's results only, unless the cell says `echo: true`)",
                              read: Option.flag)
    static let papersize = Setting(key: "papersize", accepts: "a4 or letter", defaultValue: .text("a4"),
                                   summary: "the handout's paper") { node in
        guard let text = node.string?.lowercased(), ["a4", "letter"].contains(text) else { return nil }
        return .text(text)
    }
}

/// The formats a lecture is made in, with their options: `format:` in the
/// front matter over the one in `lectern.yml`. Written as Quarto users
/// write it: one name (`format: revealjs`), a list (`[html, revealjs, pdf]`)
/// or a mapping with options (`revealjs: {slide-level: 2}`, `pdf: default`).
/// The page is always made (the site is made of pages); the others are added.
public struct Formats: Sendable, Equatable {
    /// The formats named, the page first.
    public private(set) var names: [Format] = [.html]
    /// Options set, by format.
    var values: [Format: [String: OptionValue]] = [:]
    /// Whether a `format:` key set it (else it is the default, the page only).
    public private(set) var isSet = false

    /// The page only (no `format:`).
    public init() {}

    /// Whether `format` is made.
    public func makes(_ format: Format) -> Bool { names.contains(format) }

    /// The value in force of `setting` for `format`.
    func value(_ setting: Format.Setting, for format: Format) -> OptionValue {
        values[format]?[setting.key] ?? setting.defaultValue
    }

    func number(_ setting: Format.Setting, for format: Format) -> Int {
        if case .number(let d) = value(setting, for: format) { return Int(d) }
        return 0
    }

    func flag(_ setting: Format.Setting, for format: Format) -> Bool {
        if case .flag(let b) = value(setting, for: format) { return b }
        return false
    }

    func text(_ setting: Format.Setting, for format: Format) -> String {
        if case .text(let t) = value(setting, for: format) { return t }
        return ""
    }

    /// The lecture's `format:` over the course's: the lecture's list of
    /// formats when it gives one, and each format's options merged (the
    /// lecture's over the course's).
    func overridden(by lecture: Formats) -> Formats {
        guard lecture.isSet else { return self }
        var out = lecture
        for (format, options) in values {
            out.values[format] = options.merging(lecture.values[format] ?? [:]) { _, new in new }
        }
        return out
    }

    /// Reads a `format:` value at `file` (`line` is the key's; YAML marks are
    /// counted from `firstLine`).
    static func read(_ node: Node, file: String, line: Int, firstLine: Int) throws -> Formats {
        var formats = Formats()
        formats.isSet = true
        formats.names = [.html]
        func at(_ node: Node) -> Int { node.mark.map { firstLine + $0.line - 1 } ?? line }
        func format(_ name: Node) throws -> Format {
            guard let text = name.string, name.scalar != nil else {
                throw LecternError(file: file, line: at(name), "a format is a name (html, revealjs or pdf), not \(YAMLText.describe(name))")
            }
            guard let format = Format(rawValue: text) else {
                let known = Format.allCases.map(\.rawValue)
                let hint = text == "beamer" || text == "pptx" || text == "docx" || text == "typst"
                    ? " (Lectern makes slides as revealjs and handouts as pdf)" : Options.suggestion(for: text, among: known)
                throw LecternError(file: file, line: at(name), "unknown format '\(text)'\(hint); known: \(known.joined(separator: ", "))")
            }
            return format
        }
        func add(_ f: Format) { if !formats.names.contains(f) { formats.names.append(f) } }
        if node.scalar != nil {
            add(try format(node))
        } else if let list = node.sequence {
            for item in list { add(try format(item)) }
        } else if let mapping = node.mapping {
            for (key, value) in mapping {
                let f = try format(key)
                add(f)
                if value.scalar != nil, value.string == "default" || value.null != nil { continue }
                guard let options = value.mapping else {
                    throw LecternError(file: file, line: at(key), "the options of '\(f.rawValue)' must be a mapping such as {\(f.settings.first.map { "\($0.key): …" } ?? "")} or 'default'")
                }
                var set: [String: OptionValue] = [:]
                for (optionKey, optionValue) in options {
                    let name = optionKey.string ?? ""
                    let known = f.settings.map(\.key)
                    guard let setting = f.settings.first(where: { $0.key == name }) else {
                        let list = known.isEmpty ? "'\(f.rawValue)' takes no options" : "known: \(known.joined(separator: ", "))"
                        throw LecternError(file: file, line: at(optionKey), "unknown option '\(name)' of the format '\(f.rawValue)'\(Options.suggestion(for: name, among: known)); \(list)")
                    }
                    guard let v = setting.read(optionValue) else {
                        throw LecternError(file: file, line: at(optionKey), "the '\(f.rawValue)' option '\(name)' must be \(setting.accepts), not \(YAMLText.describe(optionValue))")
                    }
                    set[name] = v
                }
                formats.values[f] = set
            }
        } else {
            throw LecternError(file: file, line: line, "'format' must be a format name (html, revealjs, pdf), a list of them, or a mapping of formats to their options")
        }
        return formats
    }
}
