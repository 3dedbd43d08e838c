internal import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4) from the system's libcrypto, through its EVP
/// interface. The only file that calls libcrypto: the cache keys, the engine
/// fingerprint and the cache's checksums use it (and `SHA1`, below, the
/// preview's WebSocket handshake).
final class SHA256 {
    private let context: OpaquePointer

    init() {
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ data: Data) {
        data.withUnsafeBytes { bytes in
            _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        }
    }

    func update(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        }
    }

    /// The digest as 64 lowercase hexadecimal digits (call once).
    func hex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of `data`, in hexadecimal.
    static func hex(of data: Data) -> String {
        let hasher = SHA256()
        hasher.update(data)
        return hasher.hex()
    }
}

/// SHA-1 (FIPS 180-4), only for the WebSocket handshake (RFC 6455 §4.2.2),
/// which names it; never for anything that must resist collisions.
enum SHA1 {
    /// The 20-byte digest of `bytes`.
    static func digest(of bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha1(), nil) }
        return digest
    }
}
