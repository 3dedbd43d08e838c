import Foundation

/// The frozen folder, `_freeze/` in the course (Quarto's name for the same
/// idea): results that `lectern freeze` stores to be committed with the
/// course, so that a lecture with `execute: {freeze: auto}` renders on a
/// machine with no Swift toolchain while its cells are unchanged.
///
/// A lecture `lectures/02-x.md` keeps one entry, `_freeze/lectures/02-x/`:
/// the local store's files (`manifest.json`, `result.json`, its figures) and
/// `frozen-key`, the lecture's content digest (`Cache.digest(of:)`): its
/// course path, the options that reach the run, the program without its line
/// layout (cells, seed, inline expressions) and its declared inputs. The
/// engine and the toolchain are not in it: a frozen result is meant to
/// outlive them, as Quarto's outlive the Python that made them, and
/// `lectern freeze` again (or `--no-cache`) is how a course takes a new
/// engine's results. An entry is checked against its manifest as every store
/// checks; one that fails is no entry.
public struct Frozen: Sendable {
    /// `_freeze/` in the course.
    public let directory: URL

    public static let folderName = "_freeze"
    static let keyName = "frozen-key"

    public init(courseRoot: URL) {
        directory = courseRoot.appendingPathComponent(Self.folderName)
    }

    /// What the folder holds for a lecture.
    enum Lookup {
        /// Frozen from these very cells, options and inputs.
        case fresh(Cache.Entry)
        /// Frozen from an earlier text of the lecture.
        case stale(Cache.Entry)
        case none
    }

    /// The store of the lecture's folder (`_freeze/lectures/`) and the entry's name (`02-x`).
    private func place(of path: String) -> (Cache, String) {
        let relative = path.hasSuffix(".md") ? String(path.dropLast(3)) : path
        let url = directory.appendingPathComponent(relative)
        return (Cache(directory: url.deletingLastPathComponent()), url.lastPathComponent)
    }

    func lookup(_ path: String, digest: String) -> Lookup {
        let (store, name) = place(of: path)
        let folder = store.directory.appendingPathComponent(name)
        guard let entry = Cache.read(folder),
              let key = try? String(contentsOf: folder.appendingPathComponent(Self.keyName), encoding: .utf8) else { return .none }
        return key == digest ? .fresh(entry) : .stale(entry)
    }

    /// Freezes `entry` as the lecture at `path` with content digest `digest`.
    func store(_ entry: Cache.Entry, path: String, digest: String) throws {
        let (store, name) = place(of: path)
        try store.store(entry, key: name, extra: [Self.keyName: Data(digest.utf8)])
    }

    /// Removes the entries of lectures not in `paths` (deleted or renamed
    /// lectures); returns their course paths.
    @discardableResult
    public func prune(keeping paths: Set<String>) -> [String] {
        let fm = FileManager.default
        let kept = Set(paths.map { place(of: $0) }.map { $0.0.directory.appendingPathComponent($0.1).standardizedFileURL.path })
        var removed: [String] = []
        guard let found = fm.enumerator(atPath: directory.path)?.allObjects as? [String] else { return [] }
        for relative in found.sorted() where relative.hasSuffix("/" + Cache.manifestName) || relative == Cache.manifestName {
            let folder = directory.appendingPathComponent(relative).deletingLastPathComponent().standardizedFileURL
            guard !kept.contains(folder.path), !folder.lastPathComponent.hasPrefix(".") else { continue }
            if (try? fm.removeItem(at: folder)) != nil {
                removed.append(String(relative.dropLast(Cache.manifestName.count + 1)) + ".md")
            }
        }
        return removed
    }

    /// The bytes the folder holds.
    public var bytes: Int { CourseState.size(of: directory) }
}
