#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LecternProtocol

/// `lectern preview`'s checkpoints. With `LECTERN_CHECKPOINTS` set, the
/// program forks at each cell boundary: the child keeps the exact state
/// before that cell and waits; the parent runs on. For an edit from cell k,
/// Lectern compiles cells k…n into a library and tells the checkpoint before
/// k to run it: the checkpoint forks a worker (keeping itself for the next
/// edit), which opens the run's own output pipes and event socket, loads the
/// library and calls its entry. Checkpoints watch the lifeline: when Lectern
/// ends, they end their run.
///
/// Only the preview that started the program can reach a checkpoint: its
/// socket is a file in the preview's private folder (`LECTERN_CHECKPOINTS`,
/// made 0700 by the preview, so no other user can connect to or send to
/// anything in it), and a "run" command is obeyed only when the library,
/// the event socket and the reply socket it names are all in that folder,
/// and the folder and the library belong to this user and no one else can
/// write them. Abstract sockets (which anyone can reach) are not used.
enum Checkpoint {
    /// Where checkpoints listen; nil keeps none. Safe unsynchronised: read at
    /// cell boundaries on the program's main thread, and written only by a
    /// worker, on its one thread right after its fork, before its cells run.
    nonisolated(unsafe) static var folder: String? = getenv(Wire.checkpointVariable).map { String(cString: $0) }
    nonisolated(unsafe) static var kept = 0

    /// Forks a checkpoint holding the state before cell `cell`, and tells Lectern where it waits.
    static func keep(before cell: Int) {
        guard let folder, kept < Wire.maximumCheckpoints, Channel.isOpen else { return }
        let threads = AfterFork.cellThreads()
        guard threads == 0 else {
            Channel.send(.checkpointSkipped(cell: cell, reason: "the cells above it left \(threads) thread\(threads == 1 ? "" : "s") running, which a fork does not carry"))
            return
        }
        let address = "\(folder)/c\(getpid())-\(kept)"
        guard let socket = LocalSocket.datagram(boundTo: address) else { return }
        AfterFork.prepare()
        fflush(nil)
        let pid = fork()
        if pid == 0 { serve(socket) }
        close(socket)
        guard pid > 0 else { return }
        kept += 1
        Channel.send(.checkpoint(cell: cell, pid: pid, address: address))
    }

    /// The checkpoint's life: wait for "run LIBRARY FOLDER EVENTS REPLY", fork
    /// a worker for each, report its pid and its end to REPLY; end with the lifeline.
    private static func serve(_ socket: Int32) -> Never {
        AfterFork.child()
        // Let go of the run's output: the first run's pipes must reach EOF.
        Channel.release()
        let null = open("/dev/null", O_RDWR)
        dup2(null, 1)
        dup2(null, 2)
        if null > 2 { close(null) }
        let lifeline = Channel.lifeline
        while true {
            var polls = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
            if lifeline >= 0 { polls.append(pollfd(fd: lifeline, events: Int16(POLLIN), revents: 0)) }
            guard poll(&polls, nfds_t(polls.count), -1) > 0 else { continue }
            if polls.count > 1 && polls[1].revents != 0 { Channel.endRun() }
            guard polls[0].revents != 0, let command = LocalSocket.receive(socket, timeout: 0) else { continue }
            let parts = command.split(separator: "\t").map(String.init)
            guard parts.count == 5, parts[0] == "run" else { continue }
            let (library, runFolder, events, reply) = (parts[1], parts[2], parts[3], parts[4])
            guard let folder, trusted(library, events, reply, in: folder) else { continue }
            let worker = fork()
            if worker == 0 {
                close(socket)
                work(library: library, folder: runFolder, events: events)
            }
            LocalSocket.send("started \(worker)", to: reply)
            var status: Int32 = 0
            while waitpid(worker, &status, 0) < 0 && errno == EINTR {}
            LocalSocket.send("ended \(status)", to: reply)
        }
    }

    /// Whether `library` is a file of this user's in `folder` that only this
    /// user can write, `folder` is this user's and private, and `sockets` are
    /// in it: what a checkpoint checks before it loads anything.
    static func trusted(_ library: String, _ sockets: String..., in folder: String) -> Bool {
        guard let real = realpath(folder, nil) else { return false }
        let base = String(cString: real)
        free(real)
        var info = stat()
        guard lstat(base, &info) == 0, info.st_uid == getuid(), info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o077 == 0 else { return false }
        func inside(_ path: String) -> Bool {
            let parent = (path as NSString).deletingLastPathComponent
            guard let resolved = realpath(parent, nil) else { return false }
            defer { free(resolved) }
            return String(cString: resolved) == base && !(path as NSString).lastPathComponent.hasPrefix(".")
        }
        guard inside(library), sockets.allSatisfy(inside) else { return false }
        guard lstat(library, &info) == 0, info.st_uid == getuid(), info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o022 == 0 else { return false }
        return true
    }

    /// The worker: the run's pipes as stdout and stderr, its event socket as the channel, then the library.
    private static func work(library: String, folder: String, events: String) -> Never {
        let out = open(folder + "/out", O_WRONLY | O_CLOEXEC), err = open(folder + "/err", O_WRONLY | O_CLOEXEC)
        guard out >= 0, err >= 0, let channel = LocalSocket.connected(to: events) else { _exit(70) }
        dup2(out, 1)
        dup2(err, 2)
        close(out)
        close(err)
        Channel.use(channel)
        // A worker keeps no checkpoints: its cells' values are locals of its
        // library, which the next run's library could not name.
        Self.folder = nil
        AfterFork.child()
        setvbuf(stdout, nil, _IOLBF, 0)
        guard let handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL), let entry = dlsym(handle, Wire.suffixEntry) else {
            let reason = dlerror().map { String(cString: $0) } ?? "no entry point"
            FileHandle.standardError.write(Data("lectern: cannot load the edited cells: \(reason)\n".utf8))
            _exit(71)
        }
        unsafeBitCast(entry, to: (@convention(c) () -> Void).self)()
        fflush(nil)
        _exit(0)
    }
}
