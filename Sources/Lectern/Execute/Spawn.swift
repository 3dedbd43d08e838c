internal import CSpawn
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LecternProtocol

/// A process Lectern started, leading a process group of its own, so that
/// it and everything it starts can be ended together. The only file that
/// calls the `CSpawn` shim.
struct ChildProcess: Sendable {
    let pid: pid_t

    /// Starts `executable` in `directory` with `environment`, stdin on
    /// /dev/null and each `descriptors` pair's first (a descriptor of ours)
    /// as its second in the child. Every descriptor Lectern opens is
    /// close-on-exec, so the child gets exactly these.
    static func start(_ executable: String, arguments: [String], environment: [String: String],
                      directory: String?, descriptors: [(from: Int32, to: Int32)]) throws -> ChildProcess {
        _ = Descriptors.roomy
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let from = descriptors.map(\.from), to = descriptors.map(\.to)
        let error = lectern_spawn(executable, argv, envp, directory, from, to, Int32(descriptors.count), &pid)
        guard error == 0 else {
            throw LecternError(file: executable, "cannot start this program: \(String(cString: strerror(error)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Makes Lectern a child subreaper: a process a cell started that left
    /// the run's group, session and environment (and whose parent died)
    /// becomes Lectern's child, so it can be found and ended (`strays`).
    static func adoptOrphans() -> Bool { lectern_become_subreaper() == 0 }

    /// This process's children whose process group is none of `groups`,
    /// with their environments: orphans adopted from ended runs. Read from
    /// `/proc/PID/stat` (the fields after the command's closing parenthesis).
    static func strays(outside groups: Set<pid_t>) -> [(pid: pid_t, environment: Data)] {
        let me = getpid()
        var found: [(pid_t, Data)] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), pid != me,
                  let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat"),
                  let close = stat.lastIndex(of: UInt8(ascii: ")")) else { continue }
            let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
            guard fields.count > 3, let ppid = pid_t(String(decoding: fields[1], as: UTF8.self)),
                  let pgid = pid_t(String(decoding: fields[2], as: UTF8.self)),
                  ppid == me, !groups.contains(pgid) else { continue }
            found.append((pid, FileManager.default.contents(atPath: "/proc/\(entry)/environ") ?? Data()))
        }
        return found
    }

    /// A descriptor that becomes readable when the process ends (a pidfd),
    /// so a reader can wait for output and the end at once instead of
    /// polling; nil where the kernel has none. The caller closes it.
    func endDescriptor() -> Int32? {
        let fd = lectern_pidfd_open(pid)
        return fd >= 0 ? fd : nil
    }

    /// How the process ended, if it has (reaps it); nil while it runs.
    func ended() -> Ending? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        guard r == pid else { return r < 0 && errno == ECHILD ? .signal(0) : nil }
        return Ending(waitStatus: status)
    }

    /// Reaps the process if it ends within `seconds` (it was sent SIGKILL).
    func reap(within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno == ECHILD) { return }
            usleep(2_000)
        }
    }

    /// Waits for the process to end and reaps it.
    func wait() -> Ending {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, 0)
            if r == pid { return Ending(waitStatus: status) }
            if r < 0 && errno != EINTR { return .signal(0) }
        }
    }

    /// Whether any process of the group is still there.
    var groupAlive: Bool { kill(-pid, 0) == 0 }

    /// Ends the whole group: SIGTERM, up to `grace` seconds for it to go,
    /// then SIGKILL. Reaps the leader if it is still ours.
    func endGroup(grace: Double = 1) {
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            _ = ended()
            if !groupAlive { return }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        _ = ended()
    }
}

/// Descriptors for talking to children, all close-on-exec and numbered 10
/// or more (never one of the numbers a child is given).
enum Descriptors {
    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard lectern_pipe(&fds) == 0 else { throw failure("pipe") }
        return (try moveUp(fds[0]), try moveUp(fds[1]))
    }

    static func socketPair() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard lectern_socketpair(&fds) == 0 else { throw failure("socketpair") }
        return (try moveUp(fds[0]), try moveUp(fds[1]))
    }

    static func nonblocking(_ fd: Int32) { _ = lectern_nonblocking(fd) }

    /// Raises the soft limit on open descriptors towards the hard one (to
    /// 65536 at most), once: a lecture program is given its channel at
    /// descriptor 512 and up, and the preview's server holds connections.
    static let roomy: Void = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, 65536)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }()

    private static func moveUp(_ fd: Int32) throws -> Int32 {
        let moved = lectern_move_up(fd, 10)
        guard moved >= 0 else { throw failure("fcntl") }
        return moved
    }

    private static func failure(_ call: String) -> LecternError {
        LecternError(file: "lectern", "\(call) failed: \(String(cString: strerror(errno))) (too many open files?)")
    }
}
