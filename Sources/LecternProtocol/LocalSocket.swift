#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Unix-domain sockets by name, as the preview's checkpoints and workers use
/// them: a checkpoint waits on a datagram socket for "run" commands, a worker
/// connects to its run's event socket. All close-on-exec. A name starting
/// with "@" is in Linux's abstract namespace (no file, gone with its socket);
/// anything else is a path (at most 107 bytes).
public enum LocalSocket {
    /// A datagram socket bound to `path`, or nil.
    public static func datagram(boundTo path: String) -> Int32? {
        bound(Int32(SOCK_DGRAM.rawValue), path)
    }

    /// A stream socket listening on `path`, or nil.
    public static func listening(on path: String) -> Int32? {
        guard let fd = bound(Int32(SOCK_STREAM.rawValue), path) else { return nil }
        guard listen(fd, 4) == 0 else { close(fd); return nil }
        return fd
    }

    /// A stream socket connected to `path`, or nil.
    public static func connected(to path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let ok = withAddress(path) { connect(fd, $0, $1) == 0 }
        if ok != true { close(fd); return nil }
        return fd
    }

    /// The next connection to listening socket `fd` (close-on-exec), or nil after `timeout` seconds.
    public static func accept(_ fd: Int32, timeout: Double) -> Int32? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return nil }
        let connection = Glibc.accept(fd, nil, nil)
        guard connection >= 0 else { return nil }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        return connection
    }

    /// Sends `text` as one datagram to the socket bound at `path`.
    @discardableResult
    public static func send(_ text: String, to path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return withAddress(path) { address, length in
            bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) == bytes.count }
        } ?? false
    }

    /// The next datagram waiting on `fd` (nil if none within `timeout` seconds; negative: wait forever).
    public static func receive(_ fd: Int32, timeout: Double) -> String? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, timeout < 0 ? -1 : Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    private static func bound(_ type: Int32, _ path: String) -> Int32? {
        let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        if !path.hasPrefix("@") { unlink(path) }
        let ok = withAddress(path) { bind(fd, $0, $1) == 0 }
        if ok != true { close(fd); return nil }
        return fd
    }

    /// Calls `body` with a `sockaddr_un` for `path` (nil: the path is too long).
    private static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let abstract = path.hasPrefix("@")
        let bytes = abstract ? [0] + Array(path.utf8.dropFirst()) : Array(path.utf8) + [0]
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count <= capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = abstract ? MemoryLayout<sa_family_t>.size + bytes.count : MemoryLayout<sockaddr_un>.size
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
