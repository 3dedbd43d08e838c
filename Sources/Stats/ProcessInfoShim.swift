import Foundation

/// Environment look-ups for the engine's configuration.
enum ProcessInfoShim {
    static func environment(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}
