#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// The course's local state folder as a whole (`Course.stateDirectory`:
/// the result cache, the compiled-module caches, scratch folders, the
/// recorded timings): what `lectern clean` removes.
public enum CourseState {
    /// Removes the state folder (renamed away first, so a build that starts
    /// meanwhile finds none rather than half of one); returns the bytes it held.
    public static func remove(_ course: Course) throws -> Int {
        let folder = course.stateDirectory
        let fm = FileManager.default
        var info = stat()
        guard lstat(folder.path, &info) == 0 else { return 0 }
        let bytes = size(of: folder)
        let trash = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent)-removed-\(getpid())")
        guard rename(folder.path, trash.path) == 0 else {
            throw LecternError.io(folder.path, "remove the state folder", errno: errno)
        }
        do { try fm.removeItem(at: trash) } catch {
            throw LecternError.io(trash.path, "remove the state folder", error)
        }
        return bytes
    }

    /// The bytes of the files under `folder` (symbolic links are not followed).
    static func size(of folder: URL) -> Int {
        let found = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
        return found.reduce(0) { total, relative in
            var info = stat()
            guard lstat(folder.appendingPathComponent(relative).path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return total }
            return total + Int(info.st_size)
        }
    }
}
