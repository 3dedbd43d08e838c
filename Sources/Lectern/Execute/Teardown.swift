#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Foundation
import LecternProtocol
import Synchronization

/// Everything Lectern has running, so that all of it ends when its job ends:
/// the process groups of lecture programs and compilers, the tags their
/// environments carry, and the scratch folders under `.lectern/work`. On
/// SIGINT, SIGTERM or SIGHUP the command line ends them all before exiting;
/// if Lectern is killed outright, each lecture program sees its lifeline
/// close and ends its own group, and the next build clears stale scratch.
public enum Teardown {
    private struct Live {
        var groups: [pid_t: String] = [:]
        var folders: Set<String> = []
        var stopping = false
        /// Folders a build thread is removing now: a stop waits for them.
        var removing = 0
    }
    private static let live = Mutex(Live())

    /// Registers a started group and the tag in its environment; false when
    /// Lectern is stopping (the caller ends the group at once).
    static func started(_ process: ChildProcess, tag: String) -> Bool {
        live.withLock { state in
            state.groups[process.pid] = tag
            return !state.stopping
        }
    }

    static func ended(_ process: ChildProcess) {
        _ = live.withLock { $0.groups.removeValue(forKey: process.pid) }
    }

    /// A scratch folder to remove however Lectern ends.
    static func using(_ folder: URL) { _ = live.withLock { $0.folders.insert(folder.path) } }

    /// Removes a scratch folder, unless a stop has taken it over: each folder
    /// has one remover (two recursive removals at once can both stop halfway).
    static func done(with folder: URL) {
        let mine = live.withLock { state -> Bool in
            guard !state.stopping, state.folders.remove(folder.path) != nil else { return false }
            state.removing += 1
            return true
        }
        guard mine else { return }
        try? FileManager.default.removeItem(at: folder)
        live.withLock { $0.removing -= 1 }
    }

    /// Whether a stop was asked for: builds that have not started yet do not start.
    public static var stopping: Bool { live.withLock { $0.stopping } }

    /// Ends every process Lectern started and removes its scratch folders.
    public static func endEverything() {
        let (groups, folders) = live.withLock { state -> ([pid_t: String], Set<String>) in
            state.stopping = true
            defer { state.folders = [] }
            return (state.groups, state.folders)
        }
        for pid in groups.keys { kill(-pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline, groups.keys.contains(where: { kill(-$0, 0) == 0 }) { usleep(10_000) }
        for (pid, tag) in groups {
            kill(-pid, SIGKILL)
            RunTag.killAll(tag)
        }
        for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
        let removals = Date().addingTimeInterval(2)
        while Date() < removals, live.withLock({ $0.removing > 0 }) { usleep(10_000) }
    }

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Makes SIGINT, SIGTERM and SIGHUP end everything Lectern started, then
    /// exit with 128 + the signal's number. Called once by the command line.
    public static func installSignalHandlers() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("lectern: stopping (signal \(number)); ending every program it started\n".utf8))
                endEverything()
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Once a stop has begun, waits for the signal handler to finish it (it
    /// exits with the signal's status); otherwise returns at once.
    public static func yieldToStop() {
        guard stopping else { return }
        while true { pause() }
    }

    /// Removes scratch folders under `work` left by a Lectern that was killed
    /// (their names carry the pid of the Lectern that made them).
    static func clearStale(in work: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: work.path) else { return }
        for name in names {
            guard let owner = name.split(separator: "-").dropLast().last.flatMap({ pid_t($0) }) else { continue }
            if owner != getpid() && kill(owner, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: work.appendingPathComponent(name))
            }
        }
    }
}
