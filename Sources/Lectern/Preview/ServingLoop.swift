#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// The preview server's one thread: its connections, their buffers and
/// their clocks, inside `PreviewServer`'s bounds.
struct ServingLoop {
    let server: PreviewServer
    private var connections: [Int32: Connection] = [:]
    /// Held in reserve: when descriptors run out, it is closed so the waiting
    /// connection can be accepted and closed, and accepting goes on.
    private var spare: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)

    init(server: PreviewServer) { self.server = server }

    private struct Connection {
        var input: [UInt8] = []
        /// How far `input` was searched for the end of a head.
        var scanned = 0
        var output: [UInt8] = []
        var written = 0
        var websocket = false
        /// Close once the output is written.
        var closing = false
        /// When the current head's first byte came (nil: none yet).
        var headStarted: Date?
        var active = Date()
        /// The site version a WebSocket was last told.
        var version = -1
        /// Closing: the answer is out and the write side shut; what still
        /// comes is read and dropped until then, so the peer reads the answer
        /// (closing with unread input would reset the connection).
        var lingerUntil: Date?
        var idle: Bool { !websocket && input.isEmpty && written >= output.count }
    }

    mutating func run(listener: Int32, stop: Int32) {
        let wake = server.reload.wake.read
        while true {
            var polls = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            for (fd, connection) in connections {
                var events: Int32 = connection.closing && connection.lingerUntil == nil ? 0 : POLLIN
                if connection.written < connection.output.count { events |= POLLOUT }
                polls.append(pollfd(fd: fd, events: Int16(events), revents: 0))
            }
            guard poll(&polls, nfds_t(polls.count), 1000) >= 0 || errno == EINTR else { break }
            if polls[1].revents != 0 { break }
            if polls[2].revents != 0 {
                var bytes = [UInt8](repeating: 0, count: 256)
                while read(wake, &bytes, bytes.count) > 0 {}
                tellVersion()
            }
            if polls[0].revents & Int16(POLLIN) != 0 { acceptAll(listener) }
            for p in polls.dropFirst(3) where p.revents != 0 && connections[p.fd] != nil {
                if p.revents & Int16(POLLNVAL | POLLERR) != 0 { drop(p.fd); continue }
                if p.revents & Int16(POLLOUT) != 0 { flush(p.fd) }
                if p.revents & Int16(POLLIN | POLLHUP) != 0, connections[p.fd] != nil { receive(p.fd) }
            }
            expire()
        }
        for fd in Array(connections.keys) { drop(fd) }
        close(spare)
    }

    // MARK: Connections in and out

    private mutating func acceptAll(_ listener: Int32) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                Descriptors.nonblocking(fd)
            } else {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE:
                    // The longest-idle connection makes room; with none idle,
                    // the spare does: the waiting connection is taken off the queue and closed.
                    if let oldest = longestIdle() {
                        drop(oldest)
                        server.console.say("descriptors", "the process is out of file descriptors (`ulimit -n`); the longest idle connection was closed")
                        continue
                    }
                    // Make room with the spare, take the waiting connection off the queue, and close it.
                    close(spare)
                    let waiting = accept(listener, nil, nil)
                    if waiting >= 0 { close(waiting) }
                    spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
                    server.console.say("descriptors", "the process is out of file descriptors (`ulimit -n`); the newest connection was closed")
                    if waiting < 0 || spare < 0 { return }
                    continue
                default: return
                }
            }
            if connections.count >= PreviewServer.maximumConnections {
                // The longest-idle connection makes room; with none idle, the newest is closed.
                if let oldest = longestIdle() {
                    drop(oldest)
                    server.console.say("full", "\(PreviewServer.maximumConnections) connections are open; the longest idle one was closed")
                } else {
                    close(fd)
                    server.console.say("full", "\(PreviewServer.maximumConnections) connections are open and busy; the newest was closed")
                    continue
                }
            }
            connections[fd] = Connection()
        }
    }

    private func longestIdle() -> Int32? {
        connections.filter { $0.value.idle && $0.value.lingerUntil == nil }.min { $0.value.active < $1.value.active }?.key
    }

    private mutating func drop(_ fd: Int32) {
        connections[fd] = nil
        close(fd)
    }

    /// Reads what came, and answers what is complete.
    private mutating func receive(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let n = read(fd, &buffer, buffer.count)
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { drop(fd); return }
        guard n > 0 else { return }
        if connections[fd]!.lingerUntil != nil { return }
        connections[fd]!.input += buffer[0..<n]
        connections[fd]!.active = Date()
        if connections[fd]!.headStarted == nil { connections[fd]!.headStarted = Date() }
        answer(fd)
    }

    /// Writes what is queued; when all is out, closes or answers the next request.
    private mutating func flush(_ fd: Int32) {
        guard var connection = connections[fd] else { return }
        while connection.written < connection.output.count {
            let n = connection.output[connection.written...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                drop(fd)
                return
            }
            connection.written += n
            connection.active = Date()
        }
        if connection.written >= connection.output.count {
            connection.output = []
            connection.written = 0
            connections[fd] = connection
            if connection.closing {
                if connection.lingerUntil == nil {
                    shutdown(fd, Int32(SHUT_WR))
                    connections[fd]!.lingerUntil = Date().addingTimeInterval(2)
                    connections[fd]!.input = []
                }
            } else if !connection.input.isEmpty {
                answer(fd)
            }
        } else {
            connections[fd] = connection
        }
    }

    private mutating func queue(_ fd: Int32, _ bytes: [UInt8]) {
        connections[fd]!.output += bytes
        flush(fd)
    }

    // MARK: Requests

    /// Answers the requests complete in the input, one at a time (the next
    /// once the last answer is written).
    private mutating func answer(_ fd: Int32) {
        guard let connection = connections[fd], !connection.closing, connection.written >= connection.output.count else { return }
        if connection.websocket { return frames(fd) }
        guard let end = HTTPHead.end(in: connection.input, from: connection.scanned), end <= PreviewServer.maximumHead + 4 else {
            if connection.input.count > PreviewServer.maximumHead {
                refuse(fd, HTTPHead.Refusal(status: 431, reason: "a request head over \(PreviewServer.maximumHead) bytes"))
            } else {
                connections[fd]!.scanned = connection.input.count
            }
            return
        }
        let bytes = connection.input[..<(end - 4)]
        connections[fd]!.input.removeFirst(end)
        connections[fd]!.scanned = 0
        connections[fd]!.headStarted = connections[fd]!.input.isEmpty ? nil : Date()
        let head: HTTPHead
        do { head = try HTTPHead.parse(bytes) } catch { return refuse(fd, error) }
        let (response, upgrade) = server.respond(to: head)
        if upgrade {
            connections[fd]!.websocket = true
            connections[fd]!.input = []
            queue(fd, response.bytes(keepAlive: true))
            tellVersion()
            return
        }
        if !head.keepAlive || response.status >= 400 { connections[fd]!.closing = true }
        queue(fd, response.bytes(head: head.method == "HEAD", keepAlive: !connections[fd]!.closing))
    }

    /// Answers `refusal` and closes the connection once it is written.
    private mutating func refuse(_ fd: Int32, _ refusal: HTTPHead.Refusal) {
        server.console.say("head \(refusal.status)", refusal.reason)
        connections[fd]!.input = []
        connections[fd]!.closing = true
        queue(fd, HTTPResponse.text(refusal.status, refusal.reason).bytes(keepAlive: false))
    }

    /// A page's WebSocket frames: close and ping are answered, the rest ignored.
    private mutating func frames(_ fd: Int32) {
        while connections[fd] != nil, !connections[fd]!.closing {
            let frame: WebSocket.Incoming?
            do { frame = try WebSocket.take(from: &connections[fd]!.input) } catch {
                server.console.say("websocket", error.reason)
                return drop(fd)
            }
            guard let frame else { return }
            switch frame.opcode {
            case 8:
                connections[fd]!.closing = true
                queue(fd, WebSocket.frame([], opcode: 8))
            case 9: queue(fd, WebSocket.frame(frame.payload, opcode: 10))
            default: break
            }
        }
    }

    /// Sends the site's version to every page that has not heard it.
    private mutating func tellVersion() {
        let version = server.reload.current
        for (fd, connection) in connections where connection.websocket && connection.version != version && !connection.closing {
            connections[fd]!.version = version
            queue(fd, WebSocket.frame(Array("version \(version)".utf8)))
        }
    }

    /// Closes connections whose head is too slow, idle ones, and those that stopped reading.
    private mutating func expire() {
        let now = Date()
        for (fd, connection) in connections {
            if let until = connection.lingerUntil {
                if now > until { drop(fd) }
            } else if let started = connection.headStarted, !connection.websocket, now.timeIntervalSince(started) > PreviewServer.headSeconds {
                server.console.say("slow", "a request head took longer than \(Int(PreviewServer.headSeconds)) s")
                drop(fd)
            } else if !connection.websocket || connection.written < connection.output.count,
                      now.timeIntervalSince(connection.active) > PreviewServer.idleSeconds {
                drop(fd)
            }
        }
    }
}
