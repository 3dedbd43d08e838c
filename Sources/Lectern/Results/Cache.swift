#if canImport(Glibc)
@preconcurrency import Glibc
#endif
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

    static let version = "lectern-cache-6"  // 6: cells compile in Swift 5 mode
    static let manifestName = "manifest.json"
    static let resultName = "result.json"

    /// What an entry gives back: the result and its figures (file name →
    /// sanitised SVG; "" for a figure that was not a well-formed SVG).
    struct Entry: Sendable {
        var result: LectureResult
        var figures: [String: String]
    }

    /// The key of a run of a lecture: its content digest (`digest(of:)`)
    /// under an engine build and toolchain (`Engine.fingerprint`).
    static func key(content: String, fingerprint: String) -> String {
        let hasher = SHA256()
        for part in [version, fingerprint, content] {
            hasher.update(part)
            hasher.update(Data([0]))
        }
        return hasher.hex()
    }

    /// What a run of `lecture` depends on in the course, and nothing about the
    /// machine: its path relative to the course (never an absolute path), the
    /// options that reach the run or the program, the program's source with
    /// its line layout left out (cells, seed, inline expressions), and every
    /// declared input's course path and bytes. The frozen key is this digest
    /// alone; the cache key adds the engine (`key(content:engine:)`).
    static func digest(of lecture: Lecture, program: Program, courseRoot: URL) throws -> String {
        let hasher = SHA256()
        func add(_ text: String) {
            hasher.update(text)
            hasher.update(Data([0]))
        }
        add(lecture.path)
        // The options that reach the run (limits) or the program, from the table of options.
        add(lecture.signature)
        add(lecture.cells.map(\.settings.signature).joined(separator: "\n"))
        add(program.layoutFreeSource)
        for input in lecture.frontMatter.inputs.sorted() {
            let line = lecture.frontMatter.inputsLine
            let path: String
            switch ContainedPath.resolve(input, base: SitePath.directory(of: lecture.path), in: courseRoot, absoluteIsRooted: false) {
            case .success(let inside): path = inside
            case .failure(let problem):
                throw LecternError(file: lecture.path, line: line, "declared input \(problem.describe(input, folder: "the course")); the cells may read only files inside the course")
            }
            let url = courseRoot.appendingPathComponent(path)
            let files = Course.isDirectory(url) ? Self.files(under: url, as: path) : [path]
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LecternError(file: lecture.path, line: line, "declared input '\(input)' does not exist (looked for \(url.path)); fix the path in 'inputs:'")
            }
            add(input)
            for file in files {
                if case .failure(let problem) = ContainedPath.resolve(file, in: courseRoot) {
                    throw LecternError(file: lecture.path, line: line, "declared input \(problem.describe(file, folder: "the course")); the cells may read only files inside the course")
                }
                guard let data = try? Data(contentsOf: courseRoot.appendingPathComponent(file), options: .alwaysMapped) else {
                    throw LecternError(file: lecture.path, line: line, "declared input '\(file)' cannot be read; check its permissions")
                }
                add(file)
                hasher.update(data)
            }
        }
        return hasher.hex()
    }

    /// Every file under the folder `url` (course path `path`), in path order, hidden ones too.
    private static func files(under url: URL, as path: String) -> [String] {
        let names = (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String]) ?? []
        return names.sorted().filter { !Course.isDirectory(url.appendingPathComponent($0)) }.map { path + "/" + $0 }
    }

    /// The stored entry for `key`, or nil when there is none or it is not
    /// whole. A hit records its use (the entry folder's time), which pruning reads.
    func lookup(_ key: String) -> Entry? {
        let folder = directory.appendingPathComponent(key)
        guard let entry = Self.read(folder) else { return nil }
        utimes(folder.path, nil)
        return entry
    }

    /// Reads and checks the entry in `folder`.
    static func read(_ folder: URL) -> Entry? {
        guard let manifestData = try? Data(contentsOf: folder.appendingPathComponent(manifestName)),
              let manifest = try? JSONDecoder().decode([String: String].self, from: manifestData) else { return nil }
        return decode(manifest: manifest) { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    /// The entry a manifest (file name → SHA-256) describes, each file read
    /// by `read` and checked against its digest; nil when any file is
    /// missing, altered or not what an entry holds. Every store (the local
    /// folder, the frozen folder, a remote cache) reads entries through this.
    static func decode(manifest: [String: String], read: (String) -> Data?) -> Entry? {
        var files: [String: Data] = [:]
        for (name, digest) in manifest {
            guard !name.contains("/"), !name.hasPrefix("."), name != manifestName,
                  let data = read(name),
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

    /// What a run gives once its figures are sanitised (raw SVG files in
    /// `displays`): the entry a lookup of it would give, held in memory.
    static func entry(for result: LectureResult, displays: URL) -> Entry {
        var figures: [String: String] = [:]
        for cell in result.cells {
            for case .figure(let file) in cell.displays {
                let raw = (try? String(contentsOf: displays.appendingPathComponent(file), encoding: .utf8)) ?? ""
                figures[file] = SVGSanitiser.stored(raw)
            }
        }
        return Entry(result: result, figures: figures)
    }

    /// Stores `result` with its figures (raw SVG in `displays`, kept
    /// sanitised) under `key`; returns what a lookup of it gives.
    @discardableResult
    func store(_ result: LectureResult, displays: URL, key: String) throws -> Entry {
        let entry = Self.entry(for: result, displays: displays)
        try store(entry, key: key)
        return entry
    }

    /// An entry's files (each figure, `result.json`), by name.
    static func files(of entry: Entry) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for (file, svg) in entry.figures { files[file] = Data(svg.utf8) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        files[resultName] = try encoder.encode(entry.result)
        return files
    }

    /// `manifest.json` for `files`: each name and its SHA-256, keys sorted.
    static func manifest(of files: [String: Data]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(files.mapValues { SHA256.hex(of: $0) })
    }

    /// Stores `entry` under `key` (with `extra` files beside it, also in the
    /// manifest): written into a staging folder, then renamed into place
    /// whole, never after Lectern began to stop.
    func store(_ entry: Entry, key: String, extra: [String: Data] = [:]) throws {
        let fm = FileManager.default
        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw LecternError.io(directory.path, "create the cache folder", error)
        }
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = directory.appendingPathComponent(".staging-\(key)-\(unique)")
        guard Teardown.beginWrite(staging.path) else { throw LecternError.interrupted }
        var published = false
        defer { if !published { Teardown.commitWrite([staging.path]) { false } } }
        do { try fm.createDirectory(at: staging, withIntermediateDirectories: true) } catch {
            throw LecternError.io(staging.path, "create a cache entry", error)
        }
        let files = try Self.files(of: entry).merging(extra) { old, _ in old }
        for (name, data) in files {
            do { try data.write(to: staging.appendingPathComponent(name)) } catch {
                throw LecternError.io(staging.appendingPathComponent(name).path, "write a cache file", error)
            }
        }
        do { try Self.manifest(of: files).write(to: staging.appendingPathComponent(Self.manifestName)) } catch {
            throw LecternError.io(staging.path, "write a cache entry", error)
        }

        let target = directory.appendingPathComponent(key)
        var code: Int32 = 0
        published = Teardown.commitWrite([staging.path]) {
            if rename(staging.path, target.path) == 0 { return true }
            // An entry is there already (a run with --no-cache, a broken entry,
            // or another build that stored the same key first): it is moved
            // away whole, then ours takes its place. Readers hold what they
            // read in memory, so one that read the old entry keeps it whole.
            let trash = directory.appendingPathComponent(".trash-\(key)-\(unique)")
            if rename(target.path, trash.path) == 0 { try? fm.removeItem(at: trash) }
            if rename(staging.path, target.path) == 0 { return true }
            code = errno
            return false
        }
        if !published {
            if code == 0 { throw LecternError.interrupted }
            if Self.read(target) == nil { throw LecternError.io(target.path, "store this lecture's result in the cache", errno: code) }
        }
    }
}

extension Cache {
    /// Removes the least recently used entries (by the time a lookup or a
    /// store last touched them) until the store holds at most `budget`
    /// bytes; returns how many entries and bytes went. Never runs once
    /// Lectern is stopping.
    @discardableResult
    func prune(budget: Int) -> (entries: Int, bytes: Int) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return (0, 0) }
        var entries: [(folder: URL, used: Double, bytes: Int)] = []
        for name in names where !name.hasPrefix(".") {
            let folder = directory.appendingPathComponent(name)
            var info = stat()
            guard lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            entries.append((folder, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, CourseState.size(of: folder)))
        }
        var total = entries.reduce(0) { $0 + $1.bytes }
        var removed = (entries: 0, bytes: 0)
        for entry in entries.sorted(by: { ($0.used, $0.folder.path) < ($1.used, $1.folder.path) }) where total > budget {
            guard !Teardown.stopping else { break }
            let trash = directory.appendingPathComponent(".trash-\(entry.folder.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
            guard rename(entry.folder.path, trash.path) == 0 else { continue }
            try? fm.removeItem(at: trash)
            total -= entry.bytes
            removed.entries += 1
            removed.bytes += entry.bytes
        }
        return removed
    }
}
