import Foundation
import Synchronization
import Testing
@testable import Stats

/// `Parallel.map` keeps index order and runs every iteration once, on more
/// than one thread when there is more than one core.
@Suite struct ParallelTests {
    @Test func mapKeepsOrderAndRunsEachIndexOnce() {
        let calls = Mutex([Int](repeating: 0, count: 200))
        let squares = Parallel.map(200) { i -> Int in
            calls.withLock { $0[i] += 1 }
            // Uneven work, so later indices may finish first.
            var x = 0.0
            for k in 0..<((200 - i) * 50) { x += sin(Double(k)) }
            return i * i + (x.isNaN ? 1 : 0)
        }
        #expect(squares == (0..<200).map { $0 * $0 })
        #expect(calls.withLock { $0 } == [Int](repeating: 1, count: 200))
        #expect(Parallel.map(0) { $0 }.isEmpty)
    }

    /// A thread started by `detachThread` carries its name when the call
    /// returns (a checkpoint counts the runtime's threads by name right
    /// after): each of 64 threads, checked at once, while both cores are
    /// kept busy so that a new thread is often scheduled late.
    @Test func detachedThreadsAreNamedWhenTheCallReturns() {
        let stop = Atomic<Bool>(false)
        let load = (0..<2).map { _ in
            Thread { var x = 0.0; while !stop.load(ordering: .relaxed) { x += sin(x) } }
        }
        load.forEach { $0.start() }
        defer { stop.store(true, ordering: .relaxed) }
        let release = Atomic<Bool>(false)
        for k in 0..<64 {
            let name = "lectern-t\(k)"
            #expect(Parallel.detachThread(named: name) { while !release.load(ordering: .acquiring) { usleep(1000) } })
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).map {
                (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(names.contains(name), "thread \(k) was not named yet")
        }
        release.store(true, ordering: .releasing)
    }
}
