internal import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4) from the system's libcrypto, through its EVP
/// interface. The only file that calls libcrypto: the cache keys, the engine
/// fingerprint and the cache's checksums use it.
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
