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
        var socket: (ours: Int32, theirs: Int32)?
        if channel {
            let pair = try Descriptors.socketPair()
            let lifeline = try Descriptors.pipe()
            opened += [pair.0, pair.1, lifeline.read, lifeline.write]
            socket = (pair.0, pair.1)
            descriptors += [(pair.1, Wire.channelDescriptor), (lifeline.read, Wire.lifelineDescriptor)]
            environment[Wire.channelVariable] = "\(Wire.channelDescriptor)"
            environment[Wire.lifelineVariable] = "\(Wire.lifelineDescriptor)"
        }
        let start = Date()
        let process = try ChildProcess.start(executable, arguments: arguments, environment: environment,
                                             directory: directory, descriptors: descriptors)
        defer {
            process.endGroup(grace: 0.5)
            RunTag.killAll(tag)
            Teardown.ended(process)
        }
        var interrupted = !Teardown.started(process, tag: tag)
        // Only the child holds the ends it writes to: EOF means it (and its children) closed them.
        for fd in [out.write, err.write] + (socket.map { [$0.theirs] } ?? []) + descriptors.suffix(channel ? 1 : 0).map(\.from) {
            close(fd)
            opened.removeAll { $0 == fd }
        }
        for fd in [out.read, err.read] + (socket.map { [$0.ours] } ?? []) { Descriptors.nonblocking(fd) }

        var open: [Int32: Bool] = [out.read: true, err.read: true]
        if let socket { open[socket.ours] = true }
        var line = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = start.addingTimeInterval(timeout)
        var ending: Ending?
        var timedOut = false

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
            if open[out.read] == true { open[out.read] = drain(out.read) { output(.stdout, $0) } }
            if open[err.read] == true { open[err.read] = drain(err.read) { output(.stderr, $0) } }
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
                    kill(-process.pid, SIGKILL)
                }
            }
            if !alive { open[fd] = false }
        }

        while true {
            if ending == nil { ending = process.ended() }
            if ending != nil { break }
            if Date() >= deadline { timedOut = true; break }
            if !interrupted && Teardown.stopping { interrupted = true }
            if interrupted { break }
            let fds = open.filter(\.value).map(\.key)
            var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let wait = Int32(max(1, min(50, deadline.timeIntervalSinceNow * 1000)))
            if polls.isEmpty { usleep(useconds_t(wait) * 1000); continue }
            guard poll(&polls, nfds_t(polls.count), wait) >= 0 || errno == EINTR else { break }
            for p in polls where p.revents != 0 {
                if let socket, p.fd == socket.ours { readEvents(p.fd) } else if p.fd == out.read || p.fd == err.read { drainText() }
            }
        }
        if ending == nil {
            process.endGroup(grace: 1)
            ending = process.wait()
        } else {
            process.endGroup(grace: 0.5)
        }
        // What the program wrote just before it ended; bounded, since an
        // escaped grandchild may hold the pipes open.
        let drainUntil = Date().addingTimeInterval(0.5)
        while Date() < drainUntil, open.values.contains(true) {
            var polls = open.filter(\.value).map { pollfd(fd: $0.key, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 50) > 0 else { continue }
            for p in polls where p.revents != 0 {
                if let socket, p.fd == socket.ours { readEvents(p.fd) } else { drainText() }
            }
        }
        return Outcome(ending: ending ?? .signal(SIGKILL), timedOut: timedOut, seconds: Date().timeIntervalSince(start),
                       interrupted: interrupted)
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
