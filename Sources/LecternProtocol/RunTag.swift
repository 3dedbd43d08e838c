#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Every process of one lecture run carries `LECTERN_RUN=<tag>` in its
/// environment (`Wire.runVariable`), so the processes a cell started are
/// found even when they left the run's process group (Foundation's `Process`
/// puts its children in groups of their own; `setsid` leaves the session).
public enum RunTag {
    /// Sends SIGKILL to every process of this user, other than this one,
    /// whose environment carries `tag`, and waits (up to a second) until
    /// they are gone: `kill` returns before a busy machine has ended them.
    public static func killAll(_ tag: String) {
        let killed = signalAll(tag)
        let deadline = Date().addingTimeInterval(1)
        var alive = killed
        while !alive.isEmpty, Date() < deadline {
            // A process that has ended (a zombie, or reaped) has an empty command line.
            alive = alive.filter { kill($0, 0) == 0 && !(FileManager.default.contents(atPath: "/proc/\($0)/cmdline") ?? Data()).isEmpty }
            if !alive.isEmpty { usleep(2_000) }
        }
    }

    /// Sends SIGKILL to every process carrying `tag`; their pids.
    private static func signalAll(_ tag: String) -> [pid_t] {
        var killed: [pid_t] = []
        let needle = Array("\(Wire.runVariable)=\(tag)".utf8)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        for entry in entries {
            guard let pid = pid_t(entry), pid != me,
                  let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { continue }
            if environ.split(separator: 0, omittingEmptySubsequences: true).contains(where: { $0.elementsEqual(needle) }) {
                kill(pid, SIGKILL)
                killed.append(pid)
            }
        }
        return killed
    }
}
