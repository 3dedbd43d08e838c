/// One of N parts of a course, for CI jobs that build a course between them
/// (`--shard K/N`): every job computes the same split from the same lecture
/// list and the same `Timings`, and each builds its own part.
///
/// The split is the longest-processing-time rule: lectures in order of their
/// last known time (longest first; a lecture with no known time counts as
/// the median of the known ones, or 1 s when none is known; ties broken by
/// path), each given to the part with the least time so far (ties: the
/// lowest part). With no times known, this deals the lectures out by path.
public struct Shard: Sendable, Equatable {
    /// Which part, from 1.
    public let index: Int
    /// How many parts.
    public let count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `K/N` (1 ≤ K ≤ N ≤ 1000).
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1000, k >= 1, k <= n else {
            throw LecternError(file: "lectern", "--shard takes K/N with 1 ≤ K ≤ N ≤ 1000 (e.g. --shard 2/4), not '\(text)'")
        }
        return Shard(index: k, count: n)
    }

    /// This part's lectures among `paths`, in the order of `paths`.
    public func pick(_ paths: [String], seconds: [String: Double]) -> [String] {
        var load = Array(repeating: 0.0, count: count)
        var mine: Set<String> = []
        for (path, cost) in Timings(seconds: seconds).longestFirst(paths) {
            let part = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            load[part] += cost
            if part == index - 1 { mine.insert(path) }
        }
        return paths.filter(mine.contains)
    }
}
