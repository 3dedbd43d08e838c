import Foundation
import Yams

/// `cache:` in `lectern.yml`: where results are shared and how much the
/// local store keeps.
///
/// ```yaml
/// cache:
///   url: https://cache.example.org/my-course   # a remote cache (Bazel's HTTP layout)
///   remote: read-write                         # or read, or off
///   timeout: 10                                # seconds a request may stall
///   size: 2 GB                                 # the local store's budget
/// ```
///
/// Credentials never come from here: `LECTERN_CACHE_TOKEN`, or
/// `LECTERN_CACHE_USER` and `LECTERN_CACHE_PASSWORD`, in the environment.
/// `--cache-url`, `LECTERN_CACHE_URL` and `--remote-cache` override `url`
/// and `remote`.
public struct CacheSettings: Sendable, Equatable {
    /// What builds may do with a remote cache.
    public enum RemoteUse: String, Sendable, CaseIterable {
        /// Read and write (the default when a URL is set).
        case readWrite = "read-write"
        /// Read only: for jobs that must not publish (pull requests from forks).
        case read
        /// Do not use the remote.
        case off
    }

    /// The local store's default budget: 2 GiB.
    public static let defaultSize = 2 << 30

    /// The remote cache's address, as written.
    public var url: String?
    /// The line of `url`, for errors.
    public var urlLine = 1
    /// What builds may do with the remote (default: read and write).
    public var remote: RemoteUse = .readWrite
    /// Seconds a request to the remote may wait without progress (default 10; a whole request at most six times that).
    public var timeout = 10.0
    /// The local store's size budget in bytes: past it, the least recently used entries go.
    public var size = defaultSize

    public init() {}

    static let keys = ["url", "remote", "timeout", "size"]

    static func read(_ node: Node, file: String, line: Int) throws -> CacheSettings {
        guard let mapping = node.mapping else {
            throw LecternError(file: file, line: line, "'cache' must be a mapping such as 'url: https://cache.example.org/course' (keys: \(keys.joined(separator: ", ")))")
        }
        var settings = CacheSettings()
        for (key, value) in mapping {
            let name = key.string ?? ""
            let at = key.mark?.line ?? line
            switch name {
            case "url":
                let text = try YAMLText.text(value, key: "cache: url", file: file, line: at)
                _ = try Self.address(text, file: file, line: at)
                settings.url = text
                settings.urlLine = at
            case "remote":
                guard let text = value.string, let mode = RemoteUse(rawValue: text) else {
                    throw LecternError(file: file, line: at, "'cache: remote' must be one of \(RemoteUse.allCases.map(\.rawValue).joined(separator: ", ")), not \(YAMLText.describe(value))")
                }
                settings.remote = mode
            case "timeout":
                guard let seconds = value.float ?? value.int.map(Double.init), seconds > 0, seconds <= 600 else {
                    throw LecternError(file: file, line: at, "'cache: timeout' must be a number of seconds above 0 and at most 600, not \(YAMLText.describe(value))")
                }
                settings.timeout = seconds
            case "size":
                guard let bytes = value.int.flatMap({ $0 > 0 ? $0 : nil }) ?? value.string.flatMap({ ByteCount.read($0, largest: 1 << 50) }) else {
                    throw LecternError(file: file, line: at, "'cache: size' must be a size such as '2 GB' or '500 MB', not \(YAMLText.describe(value))")
                }
                settings.size = bytes
            default:
                throw LecternError(file: file, line: at, "unknown key 'cache: \(name)'\(Options.suggestion(for: name, among: keys)); known: \(keys.joined(separator: ", "))")
            }
        }
        return settings
    }

    /// Reads `URL` as a remote cache's address: http or https with a host,
    /// no credentials in it (they come from the environment) and no query.
    public static func address(_ text: String, file: String, line: Int? = nil) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else {
            throw LecternError(file: file, line: line, "the remote cache must be an http:// or https:// address such as https://cache.example.org/course, not '\(text)'")
        }
        guard url.user == nil, url.password == nil else {
            throw LecternError(file: file, line: line, "the remote cache's address holds credentials; remove them and set LECTERN_CACHE_TOKEN (or LECTERN_CACHE_USER and LECTERN_CACHE_PASSWORD) in the environment instead")
        }
        return url
    }
}
