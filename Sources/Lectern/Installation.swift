import Foundation

/// Where Lectern's own files are: beside an installed `lectern`
/// (`PREFIX/share/lectern/NAME`), beside an installed engine
/// (`LECTERN_ENGINE_DIR`, which is `PREFIX/lib/lectern`), or in the checkout
/// the executable was built in (up to five folders above it). The one rule
/// for the templates and the API reference.
enum Installation {
    /// The folders that may hold `shared` (`templates`, `reference`) in that
    /// order; in a checkout, `checkout` is its path from the checkout's root.
    static func candidates(shared: String, checkout: String) -> [URL] {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/lectern/\(shared)")]
        if let engine = ProcessInfo.processInfo.environment["LECTERN_ENGINE_DIR"], !engine.isEmpty {
            candidates.append(URL(fileURLWithPath: engine).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/lectern/\(shared)"))
        }
        var up = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            up = up.deletingLastPathComponent()
            candidates.append(up.appendingPathComponent(checkout))
        }
        return candidates
    }
}
