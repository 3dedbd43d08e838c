import Foundation
import Synchronization
import Testing
@testable import Lectern

/// The cache's entries: whole or a miss, never changed in place, figures kept sanitised.
@Suite struct CacheTests {
    static let svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script><rect width="1" height="1" onclick="x()"/></svg>"##

    /// A cache in a fresh folder, and a displays folder holding one raw figure.
    static func setUp() throws -> (Cache, URL, LectureResult) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-cache-\(UUID().uuidString)")
        let displays = root.appendingPathComponent("displays")
        try FileManager.default.createDirectory(at: displays, withIntermediateDirectories: true)
        try svg.write(to: displays.appendingPathComponent("fig-1.svg"), atomically: true, encoding: .utf8)
        var cell = CellResult()
        cell.ran = true
        cell.outputs = [.stdout("hello\n"), .display(.figure("fig-1.svg"))]
        return (Cache(directory: root.appendingPathComponent("cache")), displays, LectureResult(cells: [cell], inlines: []))
    }

    @Test func anEntryKeepsOnlyTheSanitisedFigure() throws {
        let (cache, displays, result) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: displays.deletingLastPathComponent()) }
        let stored = try cache.store(result, displays: displays, key: "k")
        let figure = try #require(stored.figures["fig-1.svg"])
        #expect(figure.contains("<rect") && !figure.contains("script") && !figure.contains("onclick"))
        let onDisk = try String(contentsOf: cache.directory.appendingPathComponent("k/fig-1.svg"), encoding: .utf8)
        #expect(onDisk == figure, "the file the site publishes is the sanitised one")
        let found = try #require(cache.lookup("k"))
        #expect(found.result == result)
        #expect(found.figures == stored.figures)
    }

    @Test func aMissingOrGarbledFileIsAMiss() throws {
        let (cache, displays, result) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: displays.deletingLastPathComponent()) }
        let entry = cache.directory.appendingPathComponent("k")
        _ = try cache.store(result, displays: displays, key: "k")
        try FileManager.default.removeItem(at: entry.appendingPathComponent("fig-1.svg"))
        #expect(cache.lookup("k") == nil, "a figure removed from the entry")

        _ = try cache.store(result, displays: displays, key: "k")
        #expect(cache.lookup("k") != nil, "storing again replaces the broken entry")
        try "<svg><script>alert(1)</script></svg>".write(to: entry.appendingPathComponent("fig-1.svg"), atomically: true, encoding: .utf8)
        #expect(cache.lookup("k") == nil, "a figure changed after it was stored")

        _ = try cache.store(result, displays: displays, key: "k")
        let json = entry.appendingPathComponent("result.json")
        var bytes = try Data(contentsOf: json)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: json)
        #expect(cache.lookup("k") == nil, "one flipped bit in result.json")

        try FileManager.default.removeItem(at: entry.appendingPathComponent("manifest.json"))
        #expect(cache.lookup("k") == nil, "no manifest")
    }

    @Test func storingNeverLeavesAHalfEntry() throws {
        let (cache, displays, result) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: displays.deletingLastPathComponent()) }
        _ = try cache.store(result, displays: displays, key: "k")
        // Readers and writers of one key at once: every lookup is whole or a miss.
        let misses = Mutex(0)
        let failures = Mutex([String]())
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            if i % 4 == 0 {
                do { _ = try cache.store(result, displays: displays, key: "k") } catch { failures.withLock { $0.append("\(error)") } }
            } else if let found = cache.lookup("k") {
                if found.result != result || found.figures["fig-1.svg"]?.contains("<rect") != true {
                    failures.withLock { $0.append("a lookup saw a different entry") }
                }
            } else {
                misses.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(cache.lookup("k") != nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).filter { $0 != "k" }
        #expect(leftovers.isEmpty, "no staging or trash folders left: \(leftovers)")
    }
}
