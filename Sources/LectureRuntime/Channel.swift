#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LecternProtocol
import Stats
import Synchronization

/// The runtime's end of the event channel (see `Wire`): the only way the
/// program tells Lectern anything. Without Lectern (the program run by hand)
/// there is no channel and events go nowhere.
enum Channel {
    /// The event socket, moved off its well-known number (−1: none).
    nonisolated(unsafe) private(set) static var descriptor: Int32 = -1
    /// One event at a time: its line, then its acknowledgement.
    private static let lock = Mutex(())

    static var isOpen: Bool { descriptor >= 0 }

    /// The lifeline's read end (−1: none); checkpoints watch it themselves.
    nonisolated(unsafe) private(set) static var lifeline: Int32 = -1

    /// Takes over the descriptors Lectern passed. Both move to high,
    /// close-on-exec numbers, so a process a cell starts never inherits them
    /// and a file a cell opens never lands on them.
    static func open() {
        descriptor = adopt(Wire.channelVariable)
        lifeline = adopt(Wire.lifelineVariable)
        if lifeline >= 0 { watch(lifeline) }
    }

    /// A checkpoint lets go of the run's channel: its workers get their own.
    static func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// A worker's channel: a socket it connected to its run's event socket.
    static func use(_ fd: Int32) {
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 512)
        // Below a limit of 513 open files the descriptor stays where it is.
        if moved >= 0 { close(fd) }
        descriptor = moved >= 0 ? moved : fd
        if lifeline >= 0 { watch(lifeline) }
    }

    private static func adopt(_ variable: String) -> Int32 {
        guard let value = getenv(variable), let fd = Int32(String(cString: value)), fd >= 0,
              fcntl(fd, F_GETFD) >= 0 else { return -1 }
        unsetenv(variable)
        // Out of the way of descriptors cells open (512 and up); below a
        // limit of 513 open files it stays where it is, close-on-exec.
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 512)
        guard moved >= 0 else { _ = fcntl(fd, F_SETFD, FD_CLOEXEC); return fd }
        close(fd)
        return moved
    }

    /// When Lectern ends, however it ends, its end of the lifeline closes:
    /// then this program ends every process of its run (those that carry its
    /// run tag, even outside its group) and its whole process group.
    static func watch(_ lifeline: Int32) {
        Parallel.detachThread(named: "lectern-life") {
            var byte: UInt8 = 0
            while true {
                let n = read(lifeline, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno == EBADF { lost() }
                if n <= 0 { break }
            }
            endRun()
        }
    }

    /// Ends every process of this run (by its tag, even outside the group) and the group, this process included.
    static func endRun() -> Never {
        if let tag = getenv(Wire.runVariable).map({ String(cString: $0) }) { RunTag.killAll(tag) }
        kill(0, SIGKILL)
        _exit(137)
    }

    /// A cell closed a descriptor Lectern gave the program (closing every
    /// descriptor above 2, say): events can no longer reach Lectern, so the
    /// program stops with `Wire.channelLostStatus` and Lectern says why.
    static func lost() -> Never {
        fflush_unlocked(stdout)
        _exit(Wire.channelLostStatus)
    }

    /// Sends `event` after everything printed so far, and waits until Lectern has read it.
    static func send(_ event: Event) {
        guard descriptor >= 0, let line = try? Wire.encode(event) else { return }
        send(line: line)
    }

    /// Sends an encoded event line (see `Wire.encode`).
    static func send(line: Data) {
        guard descriptor >= 0 else { return }
        lock.withLock { _ in
            fflush(stdout)
            fflush(stderr)
            let delivered = line.withUnsafeBytes { raw -> Bool in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 && (errno == EBADF || errno == ENOTSOCK) { lost() }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
            guard delivered else { return }
            var ack: UInt8 = 0
            while read(descriptor, &ack, 1) < 0 && errno == EINTR {}
        }
    }
}
