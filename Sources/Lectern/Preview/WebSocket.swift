import Foundation

/// The little of WebSocket (RFC 6455) the preview speaks: the opening
/// handshake, text frames to the page, and the page's close and ping
/// frames. Pages send nothing else; a frame longer than
/// `maximumFrame` ends the connection.
enum WebSocket {
    static let maximumFrame = 4096

    /// `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + the RFC's GUID)), §4.2.2.
    static func accept(key: String) -> String {
        Data(SHA1.digest(of: Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
    }

    /// The 101 answer to an upgrade request, or why it is not one.
    static func handshake(_ head: HTTPHead) -> HTTPResponse {
        guard head.fields["upgrade"]?.lowercased() == "websocket",
              head.fields["connection"]?.lowercased().contains("upgrade") == true,
              head.fields["sec-websocket-version"] == "13",
              let key = head.fields["sec-websocket-key"], Data(base64Encoded: key)?.count == 16 else {
            return .text(426, "this address is the preview's WebSocket; open a page instead")
        }
        return HTTPResponse(status: 101, fields: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                  ("Sec-WebSocket-Accept", accept(key: key))])
    }

    /// A server frame (unmasked, §5.2): `opcode` 1 text, 8 close, 10 pong.
    static func frame(_ payload: [UInt8], opcode: UInt8 = 1) -> [UInt8] {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(UInt8(payload.count))
        } else {
            frame.append(126)
            frame += [UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)]
        }
        return frame + payload
    }

    /// One frame a page sent.
    struct Incoming {
        var opcode: UInt8
        var payload: [UInt8]
    }

    /// Takes the first whole frame from `bytes`: nil when it has not all
    /// arrived; throws for a frame that is unmasked or too long.
    static func take(from bytes: inout [UInt8]) throws(HTTPHead.Refusal) -> Incoming? {
        guard bytes.count >= 2 else { return nil }
        let opcode = bytes[0] & 0x0F
        guard bytes[1] & 0x80 != 0 else { throw HTTPHead.Refusal(status: 400, reason: "an unmasked WebSocket frame") }
        var length = Int(bytes[1] & 0x7F)
        var at = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            at = 4
        } else if length == 127 {
            throw HTTPHead.Refusal(status: 400, reason: "a WebSocket frame longer than \(maximumFrame) bytes")
        }
        guard length <= maximumFrame else { throw HTTPHead.Refusal(status: 400, reason: "a WebSocket frame longer than \(maximumFrame) bytes") }
        guard bytes.count >= at + 4 + length else { return nil }
        let mask = Array(bytes[at..<at + 4])
        let payload = (0..<length).map { bytes[at + 4 + $0] ^ mask[$0 % 4] }
        bytes.removeFirst(at + 4 + length)
        return Incoming(opcode: opcode, payload: payload)
    }
}
