#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// An error in a lecture or in the course set-up, with where it is and how to
/// fix it: printed as `file:line:column: error: message`.
public struct LecternError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// The file, relative to the course root where possible.
    public var file: String
    /// 1-based line, when the error has one.
    public var line: Int?
    /// 1-based column, when the error has one.
    public var column: Int?
    public var message: String
    /// A warning is reported but does not fail the build.
    public var isWarning = false
    /// A problem of the machine or the set-up (a disk, a permission, a
    /// compiler that crashed, a tool that is missing), not of the lecture:
    /// never cached, and `lectern` exits 2 for it rather than 1.
    public var isSetup = false

    enum CodingKeys: String, CodingKey { case file, line, column, message, isWarning }

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = line == nil ? nil : column
        self.message = message
    }

    /// `file:line:column`, `file:line`, or `file`.
    public var location: String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }

    public var description: String { "\(location): \(isWarning ? "warning" : "error"): \(message)" }

    /// A problem of the machine or the set-up (exit 2, never cached).
    public static func setup(file: String, line: Int? = nil, _ message: String) -> LecternError {
        var error = LecternError(file: file, line: line, message)
        error.isSetup = true
        return error
    }

    /// Lectern is stopping (a signal): the work was not done, and nothing is written.
    public static let interrupted = LecternError.setup(file: "lectern", "interrupted")

    /// A failed file operation on `path`, `doing` saying what ("write",
    /// "create the folder"), with the system's reason and what to do about it.
    public static func io(_ path: String, _ doing: String, errno code: Int32) -> LecternError {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case ENOSPC, EDQUOT: hint = "; free some space on that disk and run again"
        case EROFS: hint = "; that file system is read-only: choose a writable folder (--out for the site)"
        case EACCES, EPERM: hint = "; check the folder's owner and permissions"
        case ENOTDIR, EEXIST: hint = "; a file stands where a folder should be: move it away"
        case EISDIR: hint = "; a folder stands where a file should be: move it away"
        default: hint = ""
        }
        return .setup(file: path, "cannot \(doing): \(reason)\(hint)")
    }

    /// `error` from Foundation (or Lectern) as a located set-up error about `path`.
    public static func io(_ path: String, _ doing: String, _ error: any Error) -> LecternError {
        if let error = error as? LecternError { return error }
        var ns = error as NSError
        while ns.domain != NSPOSIXErrorDomain, let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError { ns = underlying }
        if ns.domain == NSPOSIXErrorDomain { return io(path, doing, errno: Int32(ns.code)) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteOutOfSpace: return io(path, doing, errno: ENOSPC)
        case .fileWriteVolumeReadOnly: return io(path, doing, errno: EROFS)
        case .fileWriteNoPermission, .fileReadNoPermission: return io(path, doing, errno: EACCES)
        case .fileNoSuchFile, .fileReadNoSuchFile: return io(path, doing, errno: ENOENT)
        default: return .setup(file: path, "cannot \(doing): \(ns.localizedDescription)")
        }
    }

    /// A problem worth saying that does not fail the build.
    public static func warning(file: String, line: Int? = nil, _ message: String) -> LecternError {
        var warning = LecternError(file: file, line: line, message)
        warning.isWarning = true
        return warning
    }
}

/// Several errors found in one pass (every bad cell option of a lecture),
/// so that one run reports them all.
public struct LecternErrors: Error, Sendable {
    public var all: [LecternError]
}
