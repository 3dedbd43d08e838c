import Foundation
import Testing
@testable import LectureRuntime

/// The fork contract's repair of Swift's cached thread id (`ThreadIDCache`).
/// Lecture programs link the runtime's `libswiftCore.so`; this test binary
/// links it statically (without the symbol), so here the library is read
/// from the toolchain, and the fork itself is proven by the preview's stress
/// test (`PreviewTests.runsFromACheckpointNeverHang`).
@Suite struct AfterForkTests {
    /// The toolchain's libswiftCore.so, beside the `swift` on PATH.
    static func library() -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let swift = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let core = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lib/swift/linux/libswiftCore.so")
            if FileManager.default.fileExists(atPath: core.path) { return core.path }
        }
        return nil
    }

    @Test func theCachedThreadIDIsFoundInTheRuntimeLibrary() throws {
        let path = try #require(Self.library(), "no toolchain on PATH")
        let offset = try #require(ThreadIDCache.tlsOffset(of: ThreadIDCache.symbol, in: path),
                                  "the runtime's cached thread id is not in \(path)'s symbol table: the fork contract needs revisiting for this toolchain")
        #expect(offset >= 0 && offset < 1 << 20)
        #expect(ThreadIDCache.tlsOffset(of: "no_such_symbol_anywhere", in: path) == nil)
        #expect(ThreadIDCache.tlsOffset(of: ThreadIDCache.symbol, in: "/etc/hostname") == nil)
    }
}
