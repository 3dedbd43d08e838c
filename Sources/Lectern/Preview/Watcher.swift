internal import CSpawn
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Watches folders with inotify and says which files in them changed (written,
/// moved in or out, created, deleted). Editors that save by renaming a
/// temporary file over the original are seen too, since folders are watched,
/// not files. The only file besides `Spawn.swift` that calls the `CSpawn` shim.
final class Watcher {
    private let fd: Int32
    private var folders: [Int32: URL] = [:]

    init() throws {
        fd = lectern_watch_open()
        guard fd >= 0 else { throw LecternError(file: "lectern", "cannot watch files (inotify: \(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    /// Watches `folder` (once; a missing folder is skipped).
    func watch(_ folder: URL) {
        let path = folder.standardizedFileURL.path
        guard !folders.values.contains(where: { $0.path == path }) else { return }
        let wd = lectern_watch_directory(fd, path)
        if wd >= 0 { folders[wd] = URL(fileURLWithPath: path, isDirectory: true) }
    }

    /// Whether events were lost (the kernel's queue overflowed) since the
    /// last call: the caller should look at everything again.
    private(set) var overflowed = false

    /// The files that changed, waiting up to `timeout` seconds for the first
    /// change (nil: forever), then `settle` seconds more for the rest of a burst.
    /// A watched folder that goes (deleted, or moved away as `git checkout`
    /// or `rsync` may do) is forgotten and reported as changed itself, so
    /// that `watch` adds it again when it is back.
    func changes(timeout: Double? = nil, settle: Double = 0.03) -> Set<URL> {
        var changed = Set<URL>()
        overflowed = false
        var wait = timeout.map { Int32($0 * 1000) } ?? -1
        var buffer = [CChar](repeating: 0, count: 1 << 16)
        while true {
            let n = lectern_watch_read(fd, &buffer, Int32(buffer.count), wait)
            guard n > 0 else { break }
            let text = String(cString: buffer)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                guard parts.count == 2, let wd = Int32(parts[0]), let kind = parts[1].first else { continue }
                let name = String(parts[1].dropFirst())
                switch kind {
                case "o": overflowed = true
                case "g": if let folder = folders.removeValue(forKey: wd) { changed.insert(folder.standardizedFileURL) }
                default: if let folder = folders[wd] { changed.insert(folder.appendingPathComponent(name).standardizedFileURL) }
                }
            }
            wait = Int32(settle * 1000)
        }
        return changed
    }
}
