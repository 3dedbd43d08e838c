import FlyingFox
import Foundation
import Synchronization

/// Serves the preview site over HTTP on loopback (or the host given):
/// files inside the site folder only, HTML pages with the live-reload script
/// added, and `/__lectern/live`, the WebSocket pages listen on.
struct PreviewServer: Sendable {
    let site: URL
    let reload: LiveReload

    /// Starts listening on `host:port` and serving in the background; returns once it listens.
    func start(host: String, port: UInt16) async throws -> HTTPServer {
        let address: sockaddr_in
        do { address = try .inet(ip4: host, port: port) } catch {
            throw LecternError(file: "lectern preview", "'\(host)' is not an IPv4 address; use 127.0.0.1 (the default) or another local address")
        }
        let server = HTTPServer(address: address, timeout: 3600, logger: .disabled)
        let reload = self.reload
        let hosts = AllowedHosts()
        let live = WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: Listener(reload: reload)))
        await server.appendRoute("GET /__lectern/live") { request in
            // A page elsewhere on the web may not listen in: the WebSocket's Origin must be this preview.
            if let refusal = hosts.refusal(request, checkingOrigin: true) { return refusal }
            return try await live.handleRequest(request)
        }
        let site = self.site
        await server.appendRoute("GET /__lectern/live.js") { request in
            if let refusal = hosts.refusal(request) { return refusal }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                                body: Data(LiveReload.script.utf8))
        }
        await server.appendRoute("GET *") { request in
            if let refusal = hosts.refusal(request) { return refusal }
            return Self.file(request.path, in: site, version: reload.current)
        }
        Task { try? await server.run() }
        do {
            try await server.waitUntilListening(timeout: 5)
        } catch {
            throw LecternError(file: "lectern preview", "cannot listen on \(host):\(port) (is another preview running? choose another --port)")
        }
        let listening: UInt16 = if case .ip4(_, let actual)? = await server.listeningAddress { actual } else { port }
        hosts.allow(host: host, port: listening)
        return server
    }

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
        func refusal(_ request: HTTPRequest, checkingOrigin: Bool = false) -> HTTPResponse? {
            let allowed = names.withLock { $0 }
            let host = request.headers[.host]?.lowercased() ?? ""
            var why: String?
            if let allowed, !allowed.contains(host) {
                why = "Host '\(host.prefix(100))' is not this preview's address"
            } else if checkingOrigin, let origin = request.headers[HTTPHeader("Origin")]?.lowercased(), origin != "http://" + host {
                why = "Origin '\(origin.prefix(100))' is not this preview"
            }
            guard let why else { return nil }
            FileHandle.standardError.write(Data("preview: refused \(request.method.rawValue) \(request.path.prefix(100)): \(why)\n".utf8))
            return HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("forbidden: \(why)\n".utf8))
        }
    }

    /// The response for URL path `path`: a file inside `site`, or 404. Pages
    /// get the reload script and the site `version` they were read at.
    static func file(_ path: String, in site: URL, version: Int = 0) -> HTTPResponse {
        guard let url = resolve(path, in: site) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("not found\n".utf8))
        }
        guard var data = try? Data(contentsOf: url) else {
            return HTTPResponse(statusCode: .notFound, body: Data("not found\n".utf8))
        }
        let type = contentType(url.pathExtension)
        if url.pathExtension == "html" {
            let tag = Data("<script>window.lecternVersion = \(version);</script>\n<script src=\"/__lectern/live.js\"></script>\n".utf8)
            if let end = data.range(of: Data("</body>".utf8), options: .backwards) { data.insert(contentsOf: tag, at: end.lowerBound) } else { data.append(tag) }
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
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

    /// One open page's WebSocket: it receives the site's version, now and at every change.
    struct Listener: WSMessageHandler {
        let reload: LiveReload
        func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
            let messages = reload.listen()
            return AsyncStream { continuation in
                let task = Task {
                    for await text in messages { continuation.yield(.text(text)) }
                    continuation.finish()
                }
                let drain = Task {
                    for await _ in client {}
                    task.cancel()
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel(); drain.cancel() }
            }
        }
    }
}
