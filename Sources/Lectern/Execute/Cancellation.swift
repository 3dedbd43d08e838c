import Synchronization

/// A request to end one lecture's build early (the preview's: a newer save
/// of the lecture replaces the run in flight). Every program the build runs
/// (compiler, lecture program, worker) checks it while it runs and is ended
/// with its process group at most a quarter of a second after the request;
/// the build then throws `Cancellation.Cancelled` and nothing is cached.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the build to end.
    public func request() { flag.store(true, ordering: .releasing) }

    /// Whether the build was asked to end.
    public var requested: Bool { flag.load(ordering: .acquiring) }

    /// Throws `Cancelled` once the build was asked to end.
    public func check() throws { if requested { throw Cancelled() } }

    /// What a cancelled build throws: its outcome is thrown away, not shown or cached.
    public struct Cancelled: Error, CustomStringConvertible {
        public var description: String { "cancelled: a newer version of the lecture replaced this run" }
    }
}
