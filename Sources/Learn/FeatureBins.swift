import Foundation
import Stats

/// Each feature cut into at most `maxBins` bins at its quantiles (fitted on up
/// to 200 000 rows): what histogram-based trees split on.
struct FeatureBins: Sendable {
    /// Per feature, the sorted upper edges: bin b holds x ≤ edges[b] (and > edges[b − 1]).
    let edges: [[Double]]

    init(fitting x: Matrix, maxBins: Int = 255) {
        require((2...256).contains(maxBins), "maxBins must be between 2 and 256, not \(maxBins)")
        let stride = max(1, x.rows / 200_000)
        let found = EdgeList(count: x.columns)
        // Features are independent: two threads take alternate ones.
        Parallel.forEach(min(2, x.columns)) { t in
          for f in Swift.stride(from: t, to: x.columns, by: min(2, x.columns)) {
            var values = Swift.stride(from: 0, to: x.rows, by: stride).map { x.values[$0 * x.columns + f] }.filter { !$0.isNaN }
            values.sort()
            var distinct: [Double] = []
            for v in values where distinct.last != v { distinct.append(v) }
            var cuts: [Double] = []
            if distinct.count <= maxBins {
                for i in 1..<max(1, distinct.count) { cuts.append((distinct[i - 1] + distinct[i]) / 2) }
            } else {
                for k in 1..<maxBins {
                    let i = k * values.count / maxBins
                    let cut = (values[i - 1] + values[i]) / 2
                    if cuts.last.map({ cut > $0 }) ?? true { cuts.append(cut) }
                }
            }
            found.set(f, cuts)
          }
        }
        self.edges = found.all
    }

    /// The bin of every value, column by column (feature f's bins at f·rows ..< (f+1)·rows).
    func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.columns)
        let rows = x.rows, columns = x.columns, edges = edges
        out.withUnsafeMutableBufferPointer { o in
            x.values.withUnsafeBufferPointer { v in
                let job = BinJob(out: o.baseAddress!, values: v.baseAddress!)
                Parallel.forEach(min(2, columns)) { t in
                    for f in Swift.stride(from: t, to: columns, by: min(2, columns)) {
                        for i in 0..<rows { job.out[f * rows + i] = UInt8(Self.bin(job.values[i * columns + f], edges[f])) }
                    }
                }
            }
        }
        return out
    }

    /// The number of edges below x (binary search): x's bin.
    @inline(__always) static func bin(_ x: Double, _ edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Per-feature edges found by several threads, one feature each at a time.
private final class EdgeList: @unchecked Sendable {
    private let lock = NSLock()
    private var edges: [[Double]]
    init(count: Int) { edges = Array(repeating: [], count: count) }
    func set(_ f: Int, _ e: [Double]) { lock.lock(); edges[f] = e; lock.unlock() }
    var all: [[Double]] { lock.lock(); defer { lock.unlock() }; return edges }
}

/// Bins written by threads that own disjoint features.
private struct BinJob: @unchecked Sendable {
    let out: UnsafeMutablePointer<UInt8>
    let values: UnsafePointer<Double>
}
