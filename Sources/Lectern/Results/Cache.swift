import Foundation

/// Content-addressed store of lecture results under `.lectern/cache/KEY/`.
/// The key covers everything a run depends on: the program (cells, options
/// that reach the program, seed, inline expressions), the engine build and
/// toolchain, the lecture's time limit, its directory and its declared inputs.
/// Line numbers are not in the key: failures are stored relative to their
/// cell or inline expression, so a result stays valid after a prose edit
/// moves them.
///
/// An entry holds `result.json`, each figure as sanitised SVG (`SVGSanitiser`:
/// the raw SVG a program drew is never kept or published) and `manifest.json`,
/// the SHA-256 of every other file. A lookup reads and checks everything an
/// entry holds: a missing, extra-short or garbled file makes it a miss, and
/// that lecture runs again. Entries are never modified in place: one is
/// written in a staging folder and renamed into place whole, and an old one is
/// renamed away whole before its replacement arrives, so a concurrent render
/// sees an entry whole or not at all.
struct Cache: Sendable {
    let directory: URL

    static let version = "lectern-cache-4"
    static let manifestName = "manifest.json"
    static let resultName = "result.json"

    /// What an entry gives back: the result and its figures (file name →
    /// sanitised SVG; "" for a figure that was not a well-formed SVG).
    struct Entry: Sendable {
        var result: LectureResult
        var figures: [String: String]
    }

    func key(for lecture: Lecture, program: Program, engine: Engine, courseRoot: URL) throws -> String {
        let hasher = SHA256()
        func add(_ text: String) {
            hasher.update(text)
            hasher.update(Data([0]))
        }
        add(Self.version)
        add(engine.fingerprint)
        add(lecture.path)
        add("\(lecture.timeout)")
        // Output limits change what is kept, not the program.
        add("\(lecture.outputLimit) " + lecture.cells.map { "\($0.settings.outputLimit)" }.joined(separator: ","))
        add(program.layoutFreeSource)
        let base = courseRoot.appendingPathComponent(lecture.path).deletingLastPathComponent()
        for input in lecture.frontMatter.inputs.sorted() {
            let url = base.appendingPathComponent(input)
            guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
                throw LecternError(file: lecture.path, "declared input '\(input)' does not exist (looked for \(url.path)); fix the path in 'inputs:'")
            }
            add(input)
            hasher.update(data)
        }
        return hasher.hex()
    }

    /// The stored entry for `key`, or nil when there is none or it is not whole.
    func lookup(_ key: String) -> Entry? {
        Self.read(directory.appendingPathComponent(key))
    }

    /// Reads and checks the entry in `folder`.
    static func read(_ folder: URL) -> Entry? {
        guard let manifestData = try? Data(contentsOf: folder.appendingPathComponent(manifestName)),
              let manifest = try? JSONDecoder().decode([String: String].self, from: manifestData) else { return nil }
        var files: [String: Data] = [:]
        for (name, digest) in manifest {
            guard !name.contains("/"), name != manifestName,
                  let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
                  SHA256.hex(of: data) == digest else { return nil }
            files[name] = data
        }
        guard let resultData = files[resultName],
              let result = try? JSONDecoder().decode(LectureResult.self, from: resultData) else { return nil }
        var figures: [String: String] = [:]
        for cell in result.cells {
            for case .figure(let file) in cell.displays {
                guard let data = files[file], let text = String(data: data, encoding: .utf8) else { return nil }
                figures[file] = text
            }
        }
        return Entry(result: result, figures: figures)
    }

    /// Stores `result` and its figures (raw SVG files in `displays`, kept
    /// sanitised) under `key`; returns what a lookup of it gives.
    func store(_ result: LectureResult, displays: URL, key: String) throws -> Entry {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = directory.appendingPathComponent(".staging-\(key)-\(unique)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        var manifest: [String: String] = [:]
        var figures: [String: String] = [:]
        func put(_ data: Data, as name: String) throws {
            try data.write(to: staging.appendingPathComponent(name))
            manifest[name] = SHA256.hex(of: data)
        }
        for cell in result.cells {
            for case .figure(let file) in cell.displays {
                let raw = (try? String(contentsOf: displays.appendingPathComponent(file), encoding: .utf8)) ?? ""
                let safe = SVGSanitiser.sanitised(raw) ?? ""
                figures[file] = safe
                try put(Data(safe.utf8), as: file)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try put(try encoder.encode(result), as: Self.resultName)
        try encoder.encode(manifest).write(to: staging.appendingPathComponent(Self.manifestName))

        let entry = directory.appendingPathComponent(key)
        if rename(staging.path, entry.path) != 0 {
            // An entry is there already (a run with --no-cache, a broken entry,
            // or another build that stored the same key first): it is moved
            // away whole, then ours takes its place. Readers hold what they
            // read in memory, so one that read the old entry keeps it whole.
            let trash = directory.appendingPathComponent(".trash-\(key)-\(unique)")
            if rename(entry.path, trash.path) == 0 { try? fm.removeItem(at: trash) }
            if rename(staging.path, entry.path) != 0, Self.read(entry) == nil {
                throw LecternError(file: entry.path, "cannot store this lecture's result in the cache (errno \(errno)); check that .lectern/ is writable")
            }
        }
        return Entry(result: result, figures: figures)
    }
}
