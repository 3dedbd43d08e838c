import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a
/// temporary file beside the target, which is then renamed over it. A file
/// whose content is already right is not touched.
enum AtomicFile {
    /// Writes `data` to `url`; returns whether anything changed.
    @discardableResult
    static func write(_ data: Data, to url: URL) throws -> Bool {
        let fm = FileManager.default
        if let existing = try? Data(contentsOf: url), existing == data { return false }
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? fm.removeItem(at: temporary)
            throw LecternError(file: url.path, "cannot write this file (errno \(errno)); check the folder's permissions")
        }
        return true
    }

    static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Copies `source` to `url` unless `url` already has the same bytes.
    static func copy(_ source: URL, to url: URL) throws {
        try write(try Data(contentsOf: source), to: url)
    }
}
