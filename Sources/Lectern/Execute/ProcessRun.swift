#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LecternProtocol

/// Runs one program to its end: stdout and stderr read from pipes as it
/// writes them, events read from their own socket (acknowledged one by one,
/// so text and events arrive in the order they happened), the process
/// waited on by its pid, and its whole process group ended when it ends,
/// when it runs out of time, or when Lectern stops. A grandchild that keeps
/// a pipe open cannot keep Lectern waiting.
struct ProcessRun {
    enum Stream: Sendable { case stdout, stderr }

    struct Outcome: Sendable {
        var ending: Ending
        var timedOut: Bool
        var seconds: Double
        /// Lectern was asked to stop while the program ran.
        var interrupted = false
        var succeeded: Bool { ending == .exit(0) && !timedOut && !interrupted }
    }

    var executable: String
    var arguments: [String] = []
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var directory: String?
    var timeout: Double
    /// Give the program the event channel and the lifeline (lecture programs).
    var channel = false
    /// Leave the process group running when the program ends (the preview's
    /// checkpoints live on in it); the group is handed to `keep` instead, whose
    /// owner ends it. Timeouts and stops still end it at once.
    var keep: ((KeptGroup) -> Void)?
    /// Ends the program (as a stop does) when its build is cancelled.
    var cancel: Cancellation?

    /// Runs the program; `output` hears every chunk of text, `event` every
    /// event line (nil for a line that is not an event). After the program's
    /// end, what is still in the pipes is read for at most half a second.
    func run(output: (Stream, Data) -> Void, event: (Event?) -> Void) throws -> Outcome {
        let out = try Descriptors.pipe(), err = try Descriptors.pipe()
        var opened = [out.read, out.write, err.read, err.write]
        defer { for fd in opened { close(fd) } }
        var descriptors: [(from: Int32, to: Int32)] = [(out.write, 1), (err.write, 2)]
        var environment = self.environment
        let tag = UUID().uuidString
        environment[Wire.runVariable] = tag
        var socket: Int32?
        var lifeline: (read: Int32, write: Int32)?
        if channel {
            let pair = try Descriptors.socketPair()
            let pipe = try Descriptors.pipe()
            opened += [pair.0, pair.1, pipe.read]
            socket = pair.0
            lifeline = pipe
            descriptors += [(pair.1, Wire.channelDescriptor), (pipe.read, Wire.lifelineDescriptor)]
            environment[Wire.channelVariable] = "\(Wire.channelDescriptor)"
            environment[Wire.lifelineVariable] = "\(Wire.lifelineDescriptor)"
        }
        let start = Date()
        let (process, interrupted) = try Teardown.start(tag: tag) {
            try ChildProcess.start(executable, arguments: arguments, environment: environment,
                                   directory: directory, descriptors: descriptors)
        }
        // Only the child holds the ends it writes to: EOF means it (and its children) closed them.
        for (from, _) in descriptors {
            close(from)
            opened.removeAll { $0 == from }
        }
        let endFD = process.endDescriptor()
        defer { if let endFD { close(endFD) } }
        var outcome = StreamPump.pump(out: out.read, err: err.read, events: socket, deadline: start.addingTimeInterval(timeout),
                                     interrupted: interrupted, cancel: cancel, wake: endFD, ended: { process.ended() },
                                     endNow: { process.endGroup(grace: 1); return process.wait() },
                                     kill: { kill(-process.pid, SIGKILL) }, output: output, event: event)
        let failed = outcome.timedOut || outcome.interrupted
        if let keep, !failed, let lifeline {
            keep(KeptGroup(process: process, tag: tag, lifeline: lifeline.write))
        } else {
            process.endGroup(grace: 0.5)
            Teardown.ended(process)
            if let lifeline { close(lifeline.write) }
            // Only lecture programs run cells, which can start helpers that
            // leave the group; a compiler's processes end with its group.
            if channel {
                RunTag.killAll(tag)
                Teardown.endStrays()
            }
        }
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }

    /// Runs the program and returns its stdout and stderr together, keeping at most `limit` bytes.
    func collect(limit: Int = 4 << 20) throws -> (Outcome, String) {
        var text = Data()
        let outcome = try run(output: { _, chunk in
            if text.count < limit { text.append(chunk.prefix(limit - text.count)) }
        }, event: { _ in })
        return (outcome, String(decoding: text, as: UTF8.self))
    }
}

/// A lecture program's process group left running for the preview, with its
/// run tag and the write end of its lifeline (closing it ends the group).
final class KeptGroup: Sendable {
    let process: ChildProcess
    let tag: String
    let lifeline: Int32

    init(process: ChildProcess, tag: String, lifeline: Int32) {
        self.process = process
        self.tag = tag
        self.lifeline = lifeline
    }

    /// Ends the group, every process of the run, and the lifeline.
    func end() {
        process.endGroup(grace: 0.3)
        RunTag.killAll(tag)
        Teardown.ended(process)
        close(lifeline)
        Teardown.endStrays()
    }
}

/// Reads a running program's stdout, stderr and events until it ends: the
/// loop `ProcessRun` and the preview's workers share.
enum StreamPump {
    /// A cancelled build (`cancel`) ends the program as a stop does.
    /// `ended` says whether the program has ended (polled between reads),
    /// `endNow` ends it (on timeout or stop) and says how, `kill` stops it at
    /// once (an event line too long to hold).
    static func pump(out: Int32, err: Int32, events: Int32?, deadline: Date, interrupted startInterrupted: Bool,
                     cancel: Cancellation? = nil, wake: Int32? = nil, ended: () -> Ending?, endNow: () -> Ending, kill: () -> Void,
                     output: (ProcessRun.Stream, Data) -> Void, event: (Event?) -> Void) -> ProcessRun.Outcome {
        for fd in [out, err] + (events.map { [$0] } ?? []) { Descriptors.nonblocking(fd) }
        var open: [Int32: Bool] = [out: true, err: true]
        if let events { open[events] = true }
        var line = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var ending: Ending?
        var timedOut = false
        var interrupted = startInterrupted

        /// Reads what `fd` has now; false at EOF.
        func drain(_ fd: Int32, _ use: (Data) -> Void) -> Bool {
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { use(Data(buffer[0..<n])); continue }
                if n == 0 { return false }
                return errno == EINTR ? true : errno == EAGAIN || errno == EWOULDBLOCK
            }
        }
        func drainText() {
            if open[out] == true { open[out] = drain(out) { output(.stdout, $0) } }
            if open[err] == true { open[err] = drain(err) { output(.stderr, $0) } }
        }
        func readEvents(_ fd: Int32) {
            let alive = drain(fd) { chunk in
                var rest = chunk[...]
                while let newline = rest.firstIndex(of: 0x0A) {
                    line.append(rest[rest.startIndex..<newline])
                    // Everything printed before this event is in the pipes now: read it first.
                    drainText()
                    event(Wire.decode(line))
                    line = Data()
                    rest = rest[(newline + 1)...]
                    var ack = Wire.acknowledgement
                    _ = send(fd, &ack, 1, Int32(MSG_NOSIGNAL))
                }
                line.append(rest)
                if line.count > Wire.maximumEventBytes {
                    event(nil)
                    line = Data()
                    kill()
                }
            }
            if !alive { open[fd] = false }
        }
        /// Waits up to `wait` ms for output, an event or (with `wake`, a
        /// pidfd) the program's end, and reads what came.
        func readReady(_ wait: Int32, wake: Int32? = nil) -> Bool {
            let fds = open.filter(\.value).map(\.key) + (wake.map { [$0] } ?? [])
            guard !fds.isEmpty else { usleep(useconds_t(wait) * 1000); return false }
            var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), wait) > 0 else { return false }
            for p in polls where p.revents != 0 && p.fd != wake {
                if p.fd == events { readEvents(p.fd) } else { drainText() }
            }
            return true
        }

        // With a pidfd the end wakes the wait at once; without one, the end is polled every 50 ms.
        let longest: Double = wake == nil ? 50 : 250
        while true {
            if ending == nil { ending = ended() }
            if ending != nil { break }
            if Date() >= deadline { timedOut = true; break }
            if !interrupted && (Teardown.stopping || cancel?.requested == true) { interrupted = true }
            if interrupted { break }
            _ = readReady(Int32(max(1, min(longest, deadline.timeIntervalSinceNow * 1000))), wake: wake)
        }
        if ending == nil { ending = endNow() }
        // What the program wrote just before it ended; bounded, since an
        // escaped grandchild may hold the pipes open.
        // Read at least once whatever the clock says: on a loaded machine the
        // half second may pass before this thread runs again.
        drainText()
        let drainUntil = Date().addingTimeInterval(0.5)
        while Date() < drainUntil, open.values.contains(true) { _ = readReady(50) }
        return ProcessRun.Outcome(ending: ending ?? .signal(SIGKILL), timedOut: timedOut, seconds: 0, interrupted: interrupted)
    }
}
