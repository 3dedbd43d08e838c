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
}
