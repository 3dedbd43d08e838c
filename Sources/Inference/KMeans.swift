import Stats

/// k-means clustering (Lloyd's algorithm) started by k-means++ seeding
/// (Arthur & Vassilvitskii 2007): the starting point of mixture fits.
public struct KMeans: Sendable {
    /// Cluster centres, one row of `dimension` values each.
    public let centers: [[Double]]
    /// The cluster of each row of the data.
    public let assignments: [Int]

    /// Clusters the rows of `x` into `k` groups: k-means++ starts, then Lloyd's
    /// assign-and-average steps until no assignment changes or `maxIterations`.
    ///
    ///     let clusters = KMeans(fitting: x, clusters: 3, using: &rng)
    ///     clusters.assignments   // the cluster of each row
    public init(fitting x: Matrix, clusters k: Int, maxIterations: Int = 20, using generator: inout some RandomNumberGenerator) {
        require(k >= 1 && x.rows >= k, "KMeans needs clusters ≥ 1 and at least that many rows, not \(k) clusters for \(x.rows) rows")
        let n = x.rows, d = x.columns
        let v = x.values
        func distance(_ i: Int, _ c: [Double]) -> Double {
            var s = 0.0
            for j in 0..<d { let t = v[i * d + j] - c[j]; s += t * t }
            return s
        }
        // k-means++: each next centre drawn with probability ∝ squared distance to the nearest chosen one.
        var centers = [x.row(Int.random(in: 0..<n, using: &generator))]
        var nearest = (0..<n).map { distance($0, centers[0]) }
        while centers.count < k {
            let total = nearest.reduce(0, +)
            var target = Double.random(in: 0..<1, using: &generator) * total
            var pick = n - 1
            for i in 0..<n {
                target -= nearest[i]
                if target <= 0 { pick = i; break }
            }
            centers.append(x.row(pick))
            for i in 0..<n { nearest[i] = min(nearest[i], distance(i, centers[centers.count - 1])) }
        }
        var assignments = [Int](repeating: 0, count: n)
        for iteration in 0..<maxIterations {
            var changed = false
            for i in 0..<n {
                var best = 0, bestDistance = Double.infinity
                for c in 0..<k {
                    let dc = distance(i, centers[c])
                    if dc < bestDistance { bestDistance = dc; best = c }
                }
                if assignments[i] != best {
                    assignments[i] = best
                    changed = true
                }
            }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[assignments[i]] += 1
                for j in 0..<d { sums[assignments[i]][j] += v[i * d + j] }
            }
            for c in 0..<k where counts[c] > 0 { centers[c] = sums[c].map { $0 / Double(counts[c]) } }
            if !changed && iteration > 0 { break }
        }
        self.centers = centers
        self.assignments = assignments
    }
}
