#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a
/// temporary file beside the target, which is then renamed over it. A file
/// whose content is already right is not touched. Once Lectern is stopping
/// (a signal), nothing is published: the rename and the stop exclude each
/// other (`Teardown.commitWrite`), and the temporary file is removed on
/// every failure, so a folder holds the old file or the new one, never a
/// leftover. Failures are set-up errors naming the file and the reason
/// (no space, read-only, permission).
enum AtomicFile {
    /// Writes `data` to `url`; returns whether anything changed.
    @discardableResult
    static func write(_ data: Data, to url: URL) throws -> Bool {
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LecternError.io(folder.path, "create this folder", error)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        guard Teardown.beginWrite(temporary) else { throw LecternError.interrupted }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            _ = Teardown.commitWrite(temporary) { false }
            throw LecternError.io(url.path, "write this file", errno: code)
        }
        var code: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { code = n < 0 ? errno : EIO; return }
                offset += n
            }
        }
        if close(fd) != 0 && code == 0 { code = errno }
        if code != 0 {
            _ = Teardown.commitWrite(temporary) { false }
            throw LecternError.io(url.path, "write this file", errno: code)
        }
        let published = Teardown.commitWrite(temporary) {
            if rename(temporary, url.path) == 0 { return true }
            code = errno
            return false
        }
        guard published else { throw code == 0 ? LecternError.interrupted : LecternError.io(url.path, "write this file", errno: code) }
        return true
    }

    static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Copies `source` to `url` unless `url` already has the same bytes.
    static func copy(_ source: URL, to url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: source) } catch { throw LecternError.io(source.path, "read this file", error) }
        try write(data, to: url)
    }
}
