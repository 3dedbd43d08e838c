import Foundation

/// The engine that cells link against: `libLectureRuntime.so` and the
/// `Modules/` of the same build, found next to the running `lectern`
/// executable (or in `LECTERN_ENGINE_DIR`), and the `swiftc` that compiles cells.
public struct Engine: Sendable {
    public let directory: URL
    /// Module maps of the C libraries the engine wraps (clients of its modules need them).
    public let moduleMaps: [URL]
    public let swiftc: URL
    /// Identifies this engine build and toolchain: part of every cache key.
    public let fingerprint: String

    static let library = "libLectureRuntime.so"
    static let cModules = ["COpenBLAS", "CPLplot", "CCmarkGFM", "CFreeType"]
    /// Header folders the C modules' headers need beyond the default ones
    /// (`pkg-config --cflags freetype2`), those that exist.
    static var cHeaderDirectories: [String] {
        ["/usr/include/freetype2"].filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Finds the engine built with this `lectern`.
    public static func locate() throws -> Engine {
        let environment = ProcessInfo.processInfo.environment
        let candidates: [URL]
        if let explicit = environment["LECTERN_ENGINE_DIR"] {
            candidates = [URL(fileURLWithPath: explicit)]
        } else {
            // The build folder (`swift build`), or an install (`make install`: PREFIX/bin → PREFIX/lib/lectern).
            let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            candidates = [bin, bin.deletingLastPathComponent().appendingPathComponent("lib/lectern")]
        }
        let fm = FileManager.default
        func isEngine(_ directory: URL) -> Bool {
            fm.fileExists(atPath: directory.appendingPathComponent(Self.library).path)
                && fm.fileExists(atPath: directory.appendingPathComponent("Modules/LectureRuntime.swiftmodule").path)
        }
        guard let directory = candidates.first(where: isEngine) else {
            throw LecternError.setup(file: candidates.map(\.path).joined(separator: " or "), "no lecture engine here (\(Self.library) and Modules/LectureRuntime.swiftmodule): build it with 'swift build -c release' (or 'make site'), install it with 'make install', or set LECTERN_ENGINE_DIR")
        }
        let library = directory.appendingPathComponent(Self.library)
        let maps = try moduleMaps(near: directory)
        let swiftc = try findSwiftc(environment)
        return Engine(directory: directory, moduleMaps: maps, swiftc: swiftc,
                      fingerprint: try fingerprint(library: library, swiftc: swiftc))
    }

    /// The C module maps: in `directory/CModules/NAME/`, or in `Sources/NAME/`
    /// of the package the build directory belongs to.
    static func moduleMaps(near directory: URL) throws -> [URL] {
        let fm = FileManager.default
        var candidates = [directory.appendingPathComponent("CModules")]
        var up = directory
        for _ in 0..<6 {
            up = up.deletingLastPathComponent()
            candidates.append(up.appendingPathComponent("Sources"))
        }
        for base in candidates {
            let maps = cModules.map { base.appendingPathComponent("\($0)/module.modulemap") }
            if maps.allSatisfy({ fm.fileExists(atPath: $0.path) }) { return maps }
        }
        throw LecternError.setup(file: directory.path, "cannot find the engine's C module maps (Sources/COpenBLAS/module.modulemap …) above the build directory")
    }

    static func findSwiftc(_ environment: [String: String]) throws -> URL {
        if let explicit = environment["LECTERN_SWIFTC"] { return URL(fileURLWithPath: explicit) }
        for dir in (environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("swiftc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw LecternError.setup(file: "swiftc", "swiftc is not on PATH: install Swift 6 and put its bin/ on PATH, or set LECTERN_SWIFTC")
    }

    static func fingerprint(library: URL, swiftc: URL) throws -> String {
        let hasher = SHA256()
        hasher.update(try Data(contentsOf: library, options: .alwaysMapped))
        let real = swiftc.resolvingSymlinksInPath()
        let attributes = try FileManager.default.attributesOfItem(atPath: real.path)
        let stamp = "\(real.path)|\(attributes[.size] ?? 0)|\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        hasher.update(stamp)
        return hasher.hex()
    }
}
