import Foundation

/// A request's head as the preview reads it (RFC 9112 §2–5): the request
/// line and the header fields, at most `PreviewServer.maximumHead` bytes in
/// all, read in one linear pass. The preview takes no request bodies.
struct HTTPHead: Sendable {
    var method: String
    /// The request target as sent (path and query).
    var target: String
    /// HTTP/1.1 keeps the connection open unless told to close.
    var keepAlive: Bool
    /// Field names in lower case; a repeated field keeps its last value.
    var fields: [String: String]

    /// The path without its query.
    var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// Why a head cannot be served, with the status it is answered with.
    struct Refusal: Error, Sendable {
        var status: Int
        var reason: String
    }

    /// The index just past the blank line that ends a head in `bytes`,
    /// searching from `from` (where the last search stopped, so a head
    /// that arrives byte by byte is still scanned once); nil when not there yet.
    static func end(in bytes: [UInt8], from: Int) -> Int? {
        var i = max(0, from - 3)
        while i + 3 < bytes.count {
            if bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x0D, bytes[i + 3] == 0x0A { return i + 4 }
            i += 1
        }
        return nil
    }

    /// Reads a head (without its final blank line's CRLF pair).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Refusal) -> HTTPHead {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw Refusal(status: 400, reason: "an empty request") }
        let request = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard request.count == 3, !request[0].isEmpty, request[1].hasPrefix("/"),
              request[2] == "HTTP/1.1" || request[2] == "HTTP/1.0" else {
            throw Refusal(status: 400, reason: "a malformed request line")
        }
        guard lines.count <= 100 else { throw Refusal(status: 431, reason: "more than 100 header fields") }
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else {
                throw Refusal(status: 400, reason: "a malformed header field")
            }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let connection = fields["connection"]?.lowercased() ?? ""
        let keepAlive = request[2] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        if fields["transfer-encoding"] != nil || (fields["content-length"].map { $0 != "0" } ?? false) {
            throw Refusal(status: 413, reason: "a request body (the preview takes none)")
        }
        return HTTPHead(method: String(request[0]), target: String(request[1]), keepAlive: keepAlive, fields: fields)
    }
}

/// What the preview answers: a status, a type and a body.
struct HTTPResponse: Sendable {
    var status: Int
    var contentType = "text/plain; charset=utf-8"
    var body = Data()
    /// Extra header fields (the WebSocket handshake's).
    var fields: [(String, String)] = []

    /// A short plain-text answer.
    static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Data((text + "\n").utf8))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 101: "Switching Protocols"
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 426: "Upgrade Required"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }

    /// The response's bytes; without its body for HEAD, and saying whether
    /// the connection stays open.
    func bytes(head: Bool = false, keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        if status != 101 {
            text += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\n"
            text += "X-Content-Type-Options: nosniff\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n"
        }
        for (name, value) in fields { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + (head || status == 101 ? [] : [UInt8](body))
    }
}
