#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// Serves the preview site over HTTP/1.1 on loopback (or the host given):
/// files inside the site folder only, HTML pages with the live-reload script
/// added, and `/__lectern/live`, the WebSocket pages listen on.
///
/// One thread and one `poll` loop hold every connection, within fixed
/// bounds, so that no web page (any page can send requests to 127.0.0.1)
/// can starve or end it: a request head over 8 kB is answered 431 when the
/// limit is reached (read once, in linear time); a head must arrive within
/// 10 s and an idle connection closes after 60 s; at most 256 connections
/// are open (more are closed at once); when the process runs out of file
/// descriptors, the connection waiting is accepted and closed with a spare
/// descriptor, so accepting always resumes. The `Host` must be the address
/// served and a WebSocket's `Origin` the preview's own (DNS rebinding).
/// Every refusal is a console line (one a second at most per reason).
/// Hand-written rather than FlyingFox, whose accept loop ends for good on
/// EMFILE and which has no caps on heads or connections.
final class PreviewServer: Sendable {
    static let maximumHead = 8192
    static let maximumConnections = 256
    static let headSeconds = 10.0
    static let idleSeconds = 60.0

    let site: URL
    let reload: LiveReload
    let hosts = AllowedHosts()
    private let listener: Int32
    /// The port listened on (the one chosen when 0 was asked).
    let port: UInt16
    private let stopPipe: (read: Int32, write: Int32)
    private let done = DispatchSemaphore(value: 0)
    /// The page (site path) last asked for: the preview runs that lecture first.
    private let viewed = Mutex<String?>(nil)

    /// The page last asked for, as a site path (`02-box-factory.html`).
    func lastViewed() -> String? { viewed.withLock { $0 } }

    /// Listens on `host:port` and serves in the background from now on.
    init(site: URL, reload: LiveReload, host: String, port: UInt16) throws {
        self.site = site
        self.reload = reload
        _ = Descriptors.roomy
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw LecternError.setup(file: "lectern preview", "'\(host)' is not an IPv4 address; use 127.0.0.1 (the default) or another local address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw LecternError.io("lectern preview", "open a socket", errno: errno) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw LecternError.setup(file: "lectern preview", "cannot listen on \(host):\(port) (is another preview running? choose another --port)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        stopPipe = try Descriptors.pipe()
        hosts.allow(host: host, port: self.port)
        Thread.detachNewThread { [self] in
            var loop = ServingLoop(server: self)
            loop.run(listener: listener, stop: stopPipe.read)
            done.signal()
        }
    }

    /// Stops serving: every connection and the listener close.
    func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        done.wait()
        close(listener)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// The answer to one request head.
    func respond(to head: HTTPHead) -> (HTTPResponse, upgrade: Bool) {
        guard head.method == "GET" || head.method == "HEAD" else { return (.text(405, "the preview only serves GET"), false) }
        let websocket = head.path == "/__lectern/live"
        if let refusal = hosts.refusal(head, checkingOrigin: websocket) { return (refusal, false) }
        if websocket {
            let response = WebSocket.handshake(head)
            return (response, response.status == 101)
        }
        if head.path == "/__lectern/live.js" {
            return (HTTPResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: Data(LiveReload.script.utf8)), false)
        }
        if let decoded = head.path.removingPercentEncoding, decoded.hasSuffix(".html") {
            viewed.withLock { $0 = String(decoded.drop { $0 == "/" }) }
        }
        return (Self.file(head.target, in: site, version: reload.current), false)
    }

    /// Says `why` on the console, at most once a second for each `kind`
    /// (with how many were refused since).
    let console = RefusalLog()

    /// The `Host` names this preview answers to, so that a DNS-rebinding page
    /// (evil.example resolving to 127.0.0.1) reads nothing: on loopback (the
    /// default), `127.0.0.1` and `localhost` with the port. A preview served
    /// on another address (`--host`, for a classroom network) takes any Host.
    /// The WebSocket's Origin, when a browser sends one, must be the Host itself.
    final class AllowedHosts: Sendable {
        /// nil: any Host.
        private let names = Mutex<Set<String>?>([])

        func allow(host: String, port: UInt16) {
            let loopback = host.hasPrefix("127.") || host == "localhost"
            let allowed = loopback ? Set(["\(host):\(port)", "localhost:\(port)", "127.0.0.1:\(port)"]) : nil
            names.withLock { $0 = allowed }
        }

        /// A 403 response (and a console line) for a request with another
        /// Host, or, with `checkingOrigin`, another Origin; nil when it may be served.
        func refusal(_ head: HTTPHead, checkingOrigin: Bool = false) -> HTTPResponse? {
            let allowed = names.withLock { $0 }
            let host = head.fields["host"]?.lowercased() ?? ""
            var why: String?
            if let allowed, !allowed.contains(host) {
                why = "Host '\(host.prefix(100))' is not this preview's address"
            } else if checkingOrigin, let origin = head.fields["origin"]?.lowercased(), origin != "http://" + host {
                why = "Origin '\(origin.prefix(100))' is not this preview"
            }
            guard let why else { return nil }
            FileHandle.standardError.write(Data("preview: refused \(head.method.prefix(10)) \(head.path.prefix(100)): \(why)\n".utf8))
            return .text(403, "forbidden: \(why)")
        }
    }

    /// The response for URL path `path`: a file inside `site`, or 404. Pages
    /// get the reload script and the site `version` they were read at.
    static func file(_ path: String, in site: URL, version: Int = 0) -> HTTPResponse {
        guard let url = resolve(path, in: site), var data = try? Data(contentsOf: url) else {
            return .text(404, "not found")
        }
        if url.pathExtension == "html" {
            let tag = Data("<script>window.lecternVersion = \(version);</script>\n<script src=\"/__lectern/live.js\"></script>\n".utf8)
            if let end = data.range(of: Data("</body>".utf8), options: .backwards) { data.insert(contentsOf: tag, at: end.lowerBound) } else { data.append(tag) }
        }
        return HTTPResponse(status: 200, contentType: contentType(url.pathExtension), body: data)
    }

    /// The file `path` names inside `site`, or nil: no `..` or `.` segment
    /// (decoded or not), no NUL, nothing a symbolic link leads outside of.
    static func resolve(_ path: String, in site: URL) -> URL? {
        let raw = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        guard let decoded = raw.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        if segments.isEmpty || decoded.hasSuffix("/") { segments.append("index.html") }
        let root = site.resolvingSymlinksInPath().standardizedFileURL
        var url = root
        for segment in segments { url.appendPathComponent(segment) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url.appendPathComponent("index.html")
        }
        let real = url.resolvingSymlinksInPath().standardizedFileURL
        guard real.path.hasPrefix(root.path + "/"), FileManager.default.isReadableFile(atPath: real.path) else { return nil }
        return real
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "ttf": "font/ttf"
        case "json": "application/json"
        case "md", "swift", "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// Console lines for refused connections, at most one a second per kind.
final class RefusalLog: Sendable {
    private let last = Mutex<[String: (at: Date, count: Int)]>([:])

    func say(_ kind: String, _ why: String) {
        let line: String? = last.withLock { state in
            let now = Date()
            let previous = state[kind]
            if let previous, now.timeIntervalSince(previous.at) < 1 {
                state[kind] = (previous.at, previous.count + 1)
                return nil
            }
            state[kind] = (now, 0)
            let more = (previous?.count ?? 0) > 0 ? " (and \(previous!.count) more like it)" : ""
            return "preview: refused a connection: \(why)\(more)"
        }
        if let line { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
