import Foundation
import Stats

/// Each feature cut into at most `maxBins` bins at its quantiles (fitted on up
/// to 200 000 rows): what histogram-based trees split on.
struct FeatureBins: Sendable {
    /// Per feature, the sorted upper edges: bin b holds x ≤ edges[b] (and > edges[b − 1]).
    let edges: [[Double]]

    init(fitting x: Matrix, maxBins: Int = 255) {
        precondition((2...256).contains(maxBins), "maxBins is between 2 and 256")
        let stride = max(1, x.rows / 200_000)
        var edges: [[Double]] = []
        for f in 0..<x.columns {
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
            edges.append(cuts)
        }
        self.edges = edges
    }

    /// The bin of every value, column by column (feature f's bins at f·rows ..< (f+1)·rows).
    func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.columns)
        for f in 0..<x.columns {
            let e = edges[f]
            for i in 0..<x.rows { out[f * x.rows + i] = UInt8(Self.bin(x.values[i * x.columns + f], e)) }
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
