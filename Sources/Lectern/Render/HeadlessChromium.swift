#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// One headless Chromium kept running to print page after page to PDF,
/// driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// Chromium reads NUL-terminated JSON commands on descriptor 3 and writes
/// replies and events on descriptor 4). Both descriptors are one end of a
/// socket pair, so a write to a browser that has gone fails with an error
/// instead of raising SIGPIPE. Starting Chromium costs about as much CPU as
/// laying out a handout; a browser that prints several handouts pays it once.
/// Its process group is registered with `Teardown` (Ctrl-C ends it) and
/// `end()` ends it. Used from one thread at a time.
final class HeadlessChromium {
    /// Why a print did not come back.
    enum Failure: Error {
        /// Lectern is stopping.
        case stopped
        /// The deadline passed.
        case timedOut
        /// The browser went away; the last lines it wrote.
        case ended(String)
        /// The browser answered with an error; its message.
        case refused(String)
    }

    /// The switches every print runs with (what `--print-to-pdf` runs with,
    /// less the print itself).
    static let switches = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-dev-shm-usage",
        "--run-all-compositor-stages-before-draw", "--remote-debugging-pipe",
    ]

    private let process: ChildProcess
    private let socket: Int32
    private let log: URL
    private var received = Data()
    /// How far `received` has been searched for a NUL.
    private var searched = 0
    private var lastID = 0
    /// Load events read while waiting for a reply, by session.
    private var loaded: Set<String> = []

    /// Starts `engine` with a fresh profile in `profile`; what it writes to
    /// stdout and stderr goes to `log` (its last lines explain a failure).
    init(engine: String, profile: URL, log: URL) throws {
        let (mine, theirs) = try Descriptors.socketPair()
        let logFD = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard logFD >= 0 else {
            Glibc.close(mine); Glibc.close(theirs)
            throw LecternError.setup(file: log.path, "cannot open Chromium's log: \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(theirs); Glibc.close(logFD) }
        let started: (ChildProcess, interrupted: Bool)
        do {
            started = try Teardown.start(tag: "chromium-\(UUID().uuidString)") {
                try ChildProcess.start(engine, arguments: Self.switches + ["--user-data-dir=\(profile.path)", "about:blank"],
                                       environment: ProcessInfo.processInfo.environment,
                                       directory: profile.deletingLastPathComponent().path,
                                       descriptors: [(logFD, 1), (logFD, 2), (theirs, 3), (theirs, 4)])
            }
        } catch {
            Glibc.close(mine)
            throw error
        }
        process = started.0
        socket = mine
        self.log = log
        if started.interrupted {
            end()
            throw LecternError.interrupted
        }
    }

    /// Ends the browser's whole process group, and reaps its helpers: those
    /// whose parent ended first were handed to Lectern (a subreaper).
    func end() {
        process.endGroup(grace: 0.5)
        Teardown.ended(process)
        Glibc.close(socket)
        Teardown.endStrays()
    }

    /// Loads `url` in a new tab, waits for it and its fonts, and prints it as
    /// `--print-to-pdf` does: the page size and margins from the page's CSS
    /// (`@page`), backgrounds printed, no header or footer of Chromium's.
    func pdf(of url: String, within seconds: Double) throws -> Data {
        let deadline = Date().addingTimeInterval(seconds)
        let tab = try call("Target.createTarget", ["url": "about:blank"], until: deadline)
        guard let target = tab["targetId"] as? String else { throw Failure.refused("Target.createTarget gave no target") }
        let attached = try call("Target.attachToTarget", ["targetId": target, "flatten": true], until: deadline)
        guard let session = attached["sessionId"] as? String else { throw Failure.refused("Target.attachToTarget gave no session") }
        _ = try call("Page.enable", session: session, until: deadline)
        let navigation = try call("Page.navigate", ["url": url], session: session, until: deadline)
        if let error = navigation["errorText"] as? String { throw Failure.refused("\(url): \(error)") }
        while !loaded.contains(session) { try read(until: deadline) }
        loaded.remove(session)
        _ = try call("Runtime.evaluate", ["expression": "document.fonts.ready.then(() => true)", "awaitPromise": true],
                     session: session, until: deadline)
        let printed = try call("Page.printToPDF", ["preferCSSPageSize": true, "printBackground": true, "displayHeaderFooter": false],
                               session: session, until: deadline)
        guard let text = printed["data"] as? String, let data = Data(base64Encoded: text) else {
            throw Failure.refused("Page.printToPDF gave no PDF")
        }
        _ = try call("Target.closeTarget", ["targetId": target], until: deadline)
        return data
    }

    /// The last lines the browser wrote (its D-Bus complaints left out).
    var lastWords: String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(3).joined(separator: " / ")
    }

    /// Sends a command and reads until its reply, keeping load events.
    private func call(_ method: String, _ parameters: [String: Any] = [:], session: String? = nil,
                      until deadline: Date) throws -> [String: Any] {
        lastID += 1
        let id = lastID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        var bytes = try JSONSerialization.data(withJSONObject: message)
        bytes.append(0)
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(socket, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { throw Failure.ended(lastWords) }
            }
        }
        while true {
            guard let reply = try read(until: deadline), reply["id"] as? Int == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw Failure.refused("\(method): \(error["message"] as? String ?? "failed")")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Reads one message (waiting for it until `deadline`): a reply is
    /// returned; a load event is noted and nil returned, as for other events.
    @discardableResult
    private func read(until deadline: Date) throws -> [String: Any]? {
        while true {
            if let end = received[(received.startIndex + searched)...].firstIndex(of: 0) {
                let body = received[received.startIndex..<end]
                received = Data(received[(end + 1)...])
                searched = 0
                guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
                    throw Failure.refused("an unreadable message")
                }
                if message["id"] != nil { return message }
                if message["method"] as? String == "Page.loadEventFired", let session = message["sessionId"] as? String {
                    loaded.insert(session)
                }
                return nil
            }
            searched = received.count
            if Teardown.stopping { throw Failure.stopped }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure.timedOut }
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(min(250, max(1, left * 1000))))
            if polled < 0 && errno != EINTR { throw Failure.ended(lastWords) }
            guard polled > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = Glibc.read(socket, &chunk, chunk.count)
            if n > 0 {
                received.append(contentsOf: chunk[0..<n])
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                throw Failure.ended(lastWords)
            }
        }
    }
}
