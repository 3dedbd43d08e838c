#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Every process of one lecture run carries `LECTERN_RUN=<tag>` in its
/// environment (`Wire.runVariable`), so the processes a cell started are
/// found even when they left the run's process group (Foundation's `Process`
/// puts its children in groups of their own; `setsid` leaves the session).
public enum RunTag {
    /// Sends SIGKILL to every process of this user, other than this one, whose environment carries `tag`.
    public static func killAll(_ tag: String) {
        let needle = Array("\(Wire.runVariable)=\(tag)".utf8)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        let me = getpid()
        for entry in entries {
            guard let pid = pid_t(entry), pid != me,
                  let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { continue }
            if environ.split(separator: 0, omittingEmptySubsequences: true).contains(where: { $0.elementsEqual(needle) }) {
                kill(pid, SIGKILL)
            }
        }
    }
}
