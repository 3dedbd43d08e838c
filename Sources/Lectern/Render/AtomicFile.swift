#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Writes files so that a reader never sees half of one, and a site never
/// half of a render: each file goes to a temporary file beside its target,
/// and the batch's targets are all renamed into place at once, at the end
/// (`commit`). A file whose content is already right is not touched. Once
/// Lectern is stopping (a signal) nothing is published: the renames and the
/// stop exclude each other (`Teardown.commitWrite`), so a folder holds the
/// old files or all the new ones. Temporary files are removed on every
/// failure. Failures are set-up errors naming the file and the reason (no
/// space, read-only, permission).
final class AtomicFile {
    /// Staged files: target path → temporary path, in staging order.
    private var staged: [(target: String, temporary: String)] = []
    private var committed = false

    init() {}

    deinit { if !committed { discard() } }

    /// Writes `data` to `url` alone, at once; returns whether anything changed.
    @discardableResult
    static func write(_ data: Data, to url: URL) throws -> Bool {
        let batch = AtomicFile()
        let changed = try batch.write(data, to: url)
        try batch.commit()
        return changed
    }

    /// Stages `data` for `url`; whether it differs from what is there.
    @discardableResult
    func write(_ data: Data, to url: URL) throws -> Bool {
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
        var code: Int32 = fd < 0 ? errno : 0
        if fd >= 0 {
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
        }
        if code != 0 {
            Teardown.commitWrite([temporary]) { false }
            throw LecternError.io(url.path, "write this file", errno: code)
        }
        if let earlier = staged.firstIndex(where: { $0.target == url.path }) {
            Teardown.commitWrite([staged[earlier].temporary]) { false }
            staged.remove(at: earlier)
        }
        staged.append((url.path, temporary))
        return true
    }

    func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Stages a copy of `source` for `url`.
    func copy(_ source: URL, to url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: source) } catch { throw LecternError.io(source.path, "read this file", error) }
        try write(data, to: url)
    }

    static func copy(_ source: URL, to url: URL) throws {
        let batch = AtomicFile()
        try batch.copy(source, to: url)
        try batch.commit()
    }

    /// Renames every staged file into place, all under one hold of the lock
    /// a stop takes: after a signal, none is.
    func commit() throws {
        committed = true
        let pending = staged
        staged = []
        var failure: (target: String, errno: Int32)?
        let published = Teardown.commitWrite(pending.map(\.temporary)) {
            for file in pending where rename(file.temporary, file.target) != 0 {
                failure = (file.target, errno)
                return false
            }
            return true
        }
        if !published {
            throw failure.map { LecternError.io($0.target, "write this file", errno: $0.errno) } ?? LecternError.interrupted
        }
    }

    /// Removes every staged file; nothing is published.
    func discard() {
        Teardown.commitWrite(staged.map(\.temporary)) { false }
        staged = []
    }
}
