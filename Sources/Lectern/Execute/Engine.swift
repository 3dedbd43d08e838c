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
    static let cModules = ["COpenBLAS", "CPLplot", "CCmarkGFM", "CFreeType", "CVectorMath"]
    /// Header folders the C modules' headers need beyond the default ones
    /// (`pkg-config --cflags freetype2`), those that exist.
    static var cHeaderDirectories: [String] {
        ["/usr/include/freetype2"].filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Finds the engine built with this `lectern`.
    public static func locate() throws -> Engine {
        let environment = ProcessInfo.processInfo.environment
        let directory = try directory(environment)
        let maps = try moduleMaps(near: directory)
        let swiftc = try findSwiftc(environment)
        return Engine(directory: directory, moduleMaps: maps, swiftc: swiftc, fingerprint: try fingerprint(of: directory))
    }

    /// The fingerprint of the engine built with this `lectern`, found
    /// without a compiler: what a build that only reads stored results needs.
    static func locateFingerprint() throws -> String {
        try fingerprint(of: directory(ProcessInfo.processInfo.environment))
    }

    /// The engine's folder: `LECTERN_ENGINE_DIR`, else next to the running
    /// `lectern` (the build folder) or in `PREFIX/lib/lectern` (an install).
    private static func directory(_ environment: [String: String]) throws -> URL {
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
        return directory
    }

    /// The C module maps: in `directory/CModules/NAME/`, or in `Sources/NAME/`
    /// (a system library) or `Sources/NAME/include/` (a C target) of the
    /// package the build directory belongs to.
    static func moduleMaps(near directory: URL) throws -> [URL] {
        let fm = FileManager.default
        var candidates = [directory.appendingPathComponent("CModules")]
        var up = directory
        for _ in 0..<6 {
            up = up.deletingLastPathComponent()
            candidates.append(up.appendingPathComponent("Sources"))
        }
        for base in candidates {
            let maps = cModules.map { name in
                [base.appendingPathComponent("\(name)/module.modulemap"), base.appendingPathComponent("\(name)/include/module.modulemap")]
                    .first { fm.fileExists(atPath: $0.path) }
            }
            if maps.allSatisfy({ $0 != nil }) { return maps.compactMap { $0 } }
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

    /// The engine's library and the interface of its runtime module, hashed.
    /// The module records the compiler that built it (cells must be
    /// compiled by that compiler to import it), so the toolchain is in the
    /// fingerprint without running or even finding `swiftc`: a build on
    /// another machine from the same source, toolchain and install prefix
    /// has the same fingerprint, and shares cache entries with this one.
    static func fingerprint(of directory: URL) throws -> String {
        let hasher = SHA256()
        hasher.update(try Data(contentsOf: directory.appendingPathComponent(library), options: .alwaysMapped))
        hasher.update(Data([0]))
        hasher.update(try Data(contentsOf: directory.appendingPathComponent("Modules/LectureRuntime.swiftmodule"), options: .alwaysMapped))
        return hasher.hex()
    }
}
