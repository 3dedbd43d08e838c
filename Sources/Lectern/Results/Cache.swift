import Crypto
import Foundation

/// Content-addressed store of lecture results under `.lectern/cache/KEY/`.
/// The key covers everything a run depends on: the program (cells, options
/// that reach the program, seed, inline expressions), the engine build and
/// toolchain, the lecture's time limit, its directory and its declared inputs.
/// Line numbers are not in the key: failures are stored relative to their
/// cell or inline expression, so a result stays valid after a prose edit
/// moves them.
struct Cache: Sendable {
    let directory: URL

    static let version = "lectern-cache-3"

    func key(for lecture: Lecture, program: Program, engine: Engine, courseRoot: URL) throws -> String {
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(data: Data(text.utf8))
            hasher.update(data: Data([0]))
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
            hasher.update(data: data)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The stored result for `key`.
    func lookup(_ key: String) -> (LectureResult, URL)? {
        let entry = directory.appendingPathComponent(key)
        guard let data = try? Data(contentsOf: entry.appendingPathComponent("result.json")),
              let result = try? JSONDecoder().decode(LectureResult.self, from: data) else { return nil }
        return (result, entry)
    }

    /// Stores `result` and its figures (from `displays`) under `key`, atomically.
    func store(_ result: LectureResult, displays: URL, key: String) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let staging = directory.appendingPathComponent(".staging-\(key)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        for cell in result.cells {
            for case .figure(let file) in cell.displays {
                let stored = staging.appendingPathComponent(file)
                try fm.copyItem(at: displays.appendingPathComponent(file), to: stored)
                try SVGSanitiser.memoise(stored)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(result).write(to: staging.appendingPathComponent("result.json"))
        let entry = directory.appendingPathComponent(key)
        try? fm.removeItem(at: entry)
        do {
            try fm.moveItem(at: staging, to: entry)
        } catch {
            // Another build stored the same key first: theirs is as good.
            try? fm.removeItem(at: staging)
        }
        return entry
    }
}
