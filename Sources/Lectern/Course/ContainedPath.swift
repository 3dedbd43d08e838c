#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// The one containment rule for every path Lectern follows or writes: a
/// lecture listed in `lectern.yml` or named on the command line, a link, an
/// image, an `inputs:` entry, a file written into the site. A path is
/// normalised (`.`, `..` and `//` folded) and must not climb out of its
/// folder, and, with symbolic links resolved, what it names must still be
/// inside that folder: a link `img/pw.png -> /etc/passwd` is refused like
/// `../../etc/passwd`. Callers turn a `Problem` into an error at their
/// `file:line`.
public enum ContainedPath {
    /// Why a path is refused.
    public enum Problem: Error, Equatable, Sendable {
        /// It names nothing (empty, or only `.`).
        case empty
        /// It climbs out with `..`, or is an absolute path outside the folder.
        case leaves
        /// It (or a folder on the way) is a symbolic link to this place outside the folder.
        case linksOut(String)

        /// The problem in words, for an error about `written`.
        public func describe(_ written: String, folder: String) -> String {
            switch self {
            case .empty: "'\(written)' names no file"
            case .leaves: "'\(written)' is outside \(folder)"
            case .linksOut(let target): "'\(written)' is a symbolic link to \(target), outside \(folder)"
            }
        }
    }

    /// `written`, relative to `base` (a folder path relative to `root`; ""
    /// for `root` itself), as a normalised path relative to `root`. An
    /// absolute path is taken as it is when `absoluteIsRooted` is false
    /// (accepted only inside `root`), or as relative to `root` when true
    /// (`/data/x.csv` in a link means the course's `data/x.csv`).
    public static func resolve(_ written: String, base: String = "", in root: URL, absoluteIsRooted: Bool = false) -> Result<String, Problem> {
        let rootPath = real(root.path) ?? root.standardizedFileURL.path
        var relative = written
        if written.hasPrefix("/") && !absoluteIsRooted {
            let lexicalRoot = root.standardizedFileURL.path
            let standardized = URL(fileURLWithPath: written).standardizedFileURL.path
            if let inside = strip(rootPath, from: standardized) ?? strip(lexicalRoot, from: standardized) {
                relative = inside
            } else if let parent = real(URL(fileURLWithPath: standardized).deletingLastPathComponent().path),
                      let inside = strip(rootPath, from: parent) {
                relative = (inside.isEmpty ? "" : inside + "/") + URL(fileURLWithPath: standardized).lastPathComponent
            } else {
                return .failure(.leaves)
            }
        } else if !written.hasPrefix("/"), !base.isEmpty {
            relative = base + "/" + written
        }
        guard let path = normalise(relative) else { return .failure(.leaves) }
        guard !path.isEmpty else { return .failure(.empty) }
        if let outside = escape(of: path, rootPath: rootPath) { return .failure(.linksOut(outside)) }
        return .success(path)
    }

    /// `relative` with `.`, `..` and `//` folded, or nil when it climbs
    /// above its start ("" when nothing is left).
    public static func normalise(_ relative: String) -> String? {
        var parts: [Substring] = []
        for part in relative.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// Where `path` (relative to the real root) really leads when that is
    /// outside the root; nil when it stays inside. A part that does not exist
    /// yet is fine; a dangling link on the way is not.
    private static func escape(of path: String, rootPath: String) -> String? {
        var current = rootPath
        let parts = path.split(separator: "/")
        for (i, part) in parts.enumerated() {
            let next = current + "/" + part
            var info = stat()
            guard lstat(next, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let target = real(next) else {
                    return (try? FileManager.default.destinationOfSymbolicLink(atPath: next)) ?? "a missing file"
                }
                guard strip(rootPath, from: target) != nil else {
                    return target + (i + 1 < parts.count ? "/" + parts[(i + 1)...].joined(separator: "/") : "")
                }
                current = target
            } else {
                current = next
            }
        }
        return nil
    }

    /// `path` with symbolic links resolved, or nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` relative to `folder` when it is `folder` or inside it.
    private static func strip(_ folder: String, from path: String) -> String? {
        if path == folder { return "" }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }
}
