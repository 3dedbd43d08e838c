import Synchronization

/// The one seeded generator a lecture shares: every draw that does not name a
/// generator comes from here, so a lecture with the same seed draws the same
/// numbers on every render. The lecture runtime seeds it before the first cell.
///
/// Use it where a generator is asked for: `Int.random(in: 1...6, using: &rng)`.
/// Each draw through it takes the shared stream's lock; the engine's bulk
/// draws (`sample(count:using: &rng)`) take it once for all their draws and
/// draw from the stream itself: the same numbers, without a lock per draw.
public struct LectureRandom: RandomNumberGenerator, Sendable {
    private static let state = Mutex(Xoshiro256(seed: 0))

    /// The lecture's generator (`rng` in a cell is one).
    public init() {}

    /// The shared stream's whole state, as text: two equal states draw the
    /// same numbers from here on.
    package static var stateText: String {
        withGenerator { g in [g.s0, g.s1, g.s2, g.s3].map { String($0, radix: 16) }.joined(separator: ".") }
    }

    /// Restarts the shared stream from `seed`.
    public static func seed(_ seed: UInt64) {
        state.withLock { $0 = Xoshiro256(seed: seed) }
    }

    /// Runs `body` with exclusive use of the shared generator; the fast path
    /// for drawing many numbers at once.
    public static func withGenerator<T>(_ body: (inout Xoshiro256) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    /// A fresh independent generator split off the shared stream (for a chain
    /// or a thread of its own): reproducible, since the split advances the stream.
    public static func split() -> Xoshiro256 {
        withGenerator { generator in
            var child = Xoshiro256(seed: generator.next())
            child.jump()
            return child
        }
    }

    /// The next 64 bits of the shared stream.
    public mutating func next() -> UInt64 {
        Self.withGenerator { $0.next() }
    }
}

/// The lecture's shared generator, for APIs that take `using: &rng`.
public var rng: LectureRandom {
    get { LectureRandom() }
    set {}
}
