import Foundation

/// The engine's API reference: the static DocC site `make docs` builds from
/// the `///` comments of Stats, Plot, Learn, Inference and LectureRuntime
/// (with the "Swift for NumPy users" guide), found where Lectern was
/// installed or built, and served on loopback by `lectern docs`.
public enum Reference {
    /// The reference's folder: `LECTERN_REFERENCE` when set, else
    /// `PREFIX/share/lectern/reference` beside an installed `lectern` or
    /// engine, else `.build/reference` in the checkout this executable was
    /// built in; nil when it was never built.
    public static func locate() -> URL? {
        candidates().first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("documentation/index.html").path) }
    }

    /// Where the reference may be, most specific first.
    static func candidates() -> [URL] {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["LECTERN_REFERENCE"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        return candidates + Installation.candidates(shared: "reference", checkout: ".build/reference")
    }

    /// A server of `folder` on `host:port` (0: any free port), with the same
    /// guards as the preview's (files inside the folder only, loopback Host
    /// names), until `stop()`.
    public final class Server: Sendable {
        private let server: PreviewServer
        /// The reference's front page.
        public let url: URL

        /// Starts serving `folder` in the background.
        public init(_ folder: URL, host: String = "127.0.0.1", port: UInt16 = 0) throws {
            server = try PreviewServer(site: folder, reload: LiveReload(), host: host, port: port)
            url = URL(string: "http://\(host):\(server.port)/documentation/")!
        }

        /// Stops serving.
        public func stop() { server.stop() }
    }
}
