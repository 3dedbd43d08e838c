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
        /// Files being written now (temporary names): a stop waits for them.
        var writing: Set<String> = []
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

    /// Held while a program is started and registered, and while strays are
    /// swept, so a sweep never takes a program just started for a stray.
    private static let spawning = Mutex(())
    /// Whether Lectern is a child subreaper (the command line makes it one).
    private static let adopting = Atomic<Bool>(false)
    /// Marks processes Lectern starts to outlive it (a browser the preview
    /// opens): a stray whose environment holds `keepVariable=keepValue` is
    /// left alone. The value is made per Lectern and is in no environment
    /// but theirs.
    public static let keepVariable = "LECTERN_KEEP"
    public static let keepValue = UUID().uuidString

    /// Starts a program with `start` and registers its group with `tag`;
    /// `interrupted` when Lectern is stopping (the caller ends it at once).
    static func start(tag: String, _ start: () throws -> ChildProcess) throws -> (ChildProcess, interrupted: Bool) {
        try spawning.withLock { _ in
            let process = try start()
            return (process, !started(process, tag: tag))
        }
    }

    /// Makes Lectern a child subreaper, so that whatever a run started
    /// (whatever its environment, session or group) is adopted by Lectern
    /// once its parent is gone and ended by `endStrays`. Called once by the
    /// command line; without it (a test process) no sweep is made.
    public static func adoptOrphans() {
        adopting.store(ChildProcess.adoptOrphans(), ordering: .relaxed)
    }

    /// Ends every adopted orphan: a child of Lectern outside every group
    /// Lectern registered. Killing one hands its own children to Lectern,
    /// so this repeats until none is left (a bounded number of rounds).
    static func endStrays() {
        guard adopting.load(ordering: .relaxed) else { return }
        let keep = Array("\(keepVariable)=\(keepValue)".utf8)
        spawning.withLock { _ in
            for _ in 0..<64 {
                let groups = Set(live.withLock { $0.groups.keys })
                let strays = ChildProcess.strays(outside: groups).filter { stray in
                    !stray.environment.split(separator: 0).contains { $0.elementsEqual(keep) }
                }
                guard !strays.isEmpty else { return }
                for stray in strays { kill(stray.pid, SIGKILL) }
                for stray in strays { ChildProcess(pid: stray.pid).reap(within: 0.5) }
            }
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

    /// Starts writing the temporary file (or staging folder) `temporary`; false once Lectern is
    /// stopping (then nothing may be written).
    static func beginWrite(_ temporary: String) -> Bool {
        live.withLock { state in
            guard !state.stopping else { return false }
            state.writing.insert(temporary)
            return true
        }
    }

    /// Publishes written temporary files (or staging folders) with
    /// `publish` (renames), unless Lectern is stopping: the check and the
    /// renames happen under one hold of the lock a stop takes first, so
    /// nothing lands after a signal, and a batch lands whole or not at all.
    /// What was not published is removed. Whether `publish` ran and succeeded.
    @discardableResult
    static func commitWrite(_ temporaries: [String], _ publish: () -> Bool) -> Bool {
        let published = live.withLock { state -> Bool in
            for path in temporaries { state.writing.remove(path) }
            return !state.stopping && publish()
        }
        if !published { for path in temporaries { try? FileManager.default.removeItem(atPath: path) } }
        return published
    }

    /// Ends every process Lectern started and removes its scratch folders.
    public static func endEverything() {
        let (groups, folders) = live.withLock { state -> ([pid_t: String], Set<String>) in
            state.stopping = true
            defer { state.folders = [] }
            return (state.groups, state.folders)
        }
        // A file half written when the stop came is removed by its writer
        // (it can no longer publish it), or here if the writer is slow.
        let writes = Date().addingTimeInterval(2)
        while Date() < writes, live.withLock({ !$0.writing.isEmpty }) { usleep(5_000) }
        for temporary in live.withLock({ $0.writing }) { try? FileManager.default.removeItem(atPath: temporary) }
        for pid in groups.keys { kill(-pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline, groups.keys.contains(where: { kill(-$0, 0) == 0 }) { usleep(10_000) }
        for (pid, tag) in groups {
            kill(-pid, SIGKILL)
            RunTag.killAll(tag)
        }
        live.withLock { $0.groups = [:] }
        endStrays()
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
