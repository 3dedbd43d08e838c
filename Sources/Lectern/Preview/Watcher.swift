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

    /// The files that changed, waiting up to `timeout` seconds for the first
    /// change (nil: forever), then `settle` seconds more for the rest of a burst.
    func changes(timeout: Double? = nil, settle: Double = 0.03) -> Set<URL> {
        var changed = Set<URL>()
        var wait = timeout.map { Int32($0 * 1000) } ?? -1
        var buffer = [CChar](repeating: 0, count: 1 << 16)
        while true {
            let n = lectern_watch_read(fd, &buffer, Int32(buffer.count), wait)
            guard n > 0 else { break }
            let text = String(cString: buffer)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                guard parts.count == 2, let wd = Int32(parts[0]), let folder = folders[wd] else { continue }
                changed.insert(folder.appendingPathComponent(String(parts[1])).standardizedFileURL)
            }
            wait = Int32(settle * 1000)
        }
        return changed
    }
}
