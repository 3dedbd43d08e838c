import Foundation
import Stats

/// k-nearest-neighbour classification with a k-d tree (exact Euclidean
/// search). Among an event's k nearest training events, n_s are signal and n_b
/// background out of N_s and N_b in all: the likelihood ratio estimate is
/// (n_s / N_s) / (n_b / N_b), and the probability the balanced
/// (n_s / N_s) / (n_s / N_s + n_b / N_b), so that `likelihoodRatio` gives it back.
public struct NearestNeighbors: Classifier {
    public let k: Int
    let points: [Double]
    let labels: [Bool]
    let dimension: Int
    let signalCount: Int
    let backgroundCount: Int
    private let nodes: [Node]
    private let order: [Int]

    private struct Node: Sendable {
        var lower: Int, upper: Int        // rows order[lower..<upper]
        var axis = -1, split = 0.0        // axis < 0: a leaf
        var left = -1, right = -1
    }

    public init(fitting x: Matrix, _ labels: [Bool], k: Int = 20) {
        precondition(x.rows == labels.count && x.rows >= k && k > 0, "k-NN needs at least k labelled rows")
        self.k = k
        points = x.values
        self.labels = labels
        dimension = x.columns
        signalCount = labels.filter { $0 }.count
        backgroundCount = labels.count - signalCount
        var order = Array(0..<x.rows)
        var nodes: [Node] = []
        Self.build(&nodes, &order, 0, x.rows, points: x.values, dimension: x.columns)
        self.nodes = nodes
        self.order = order
    }

    @discardableResult
    private static func build(_ nodes: inout [Node], _ order: inout [Int], _ lower: Int, _ upper: Int, points: [Double], dimension: Int) -> Int {
        let index = nodes.count
        nodes.append(Node(lower: lower, upper: upper))
        guard upper - lower > 16 else { return index }
        // Split the widest axis at its median.
        var axis = 0, widest = -1.0
        for d in 0..<dimension {
            var lo = Double.infinity, hi = -Double.infinity
            for i in lower..<upper { let v = points[order[i] * dimension + d]; lo = min(lo, v); hi = max(hi, v) }
            if hi - lo > widest { widest = hi - lo; axis = d }
        }
        guard widest > 0 else { return index }
        let mid = (lower + upper) / 2
        order[lower..<upper].sort { points[$0 * dimension + axis] < points[$1 * dimension + axis] }
        nodes[index].axis = axis
        nodes[index].split = points[order[mid] * dimension + axis]
        nodes[index].left = build(&nodes, &order, lower, mid, points: points, dimension: dimension)
        nodes[index].right = build(&nodes, &order, mid, upper, points: points, dimension: dimension)
        return index
    }

    /// The training rows nearest to `point`, nearest first.
    public func neighbors(of point: [Double]) -> [Int] {
        precondition(point.count == dimension, "points have \(dimension) coordinates")
        var best: [(distance: Double, row: Int)] = []   // sorted, at most k
        search(0, point, &best)
        return best.map(\.row)
    }

    private func search(_ n: Int, _ p: [Double], _ best: inout [(distance: Double, row: Int)]) {
        let node = nodes[n]
        if node.axis < 0 {
            for i in node.lower..<node.upper {
                let r = order[i]
                var d = 0.0
                for j in 0..<dimension { let t = points[r * dimension + j] - p[j]; d += t * t }
                if best.count < k || d < best[best.count - 1].distance {
                    let at = best.firstIndex { $0.distance > d } ?? best.count
                    best.insert((d, r), at: at)
                    if best.count > k { best.removeLast() }
                }
            }
            return
        }
        let delta = p[node.axis] - node.split
        let (near, far) = delta < 0 ? (node.left, node.right) : (node.right, node.left)
        search(near, p, &best)
        if best.count < k || delta * delta < best[best.count - 1].distance { search(far, p, &best) }
    }

    /// Signal and background counts among each row's k nearest neighbours.
    public func neighborCounts(_ x: Matrix) -> [(signal: Int, background: Int)] {
        (0..<x.rows).map { i in
            let s = neighbors(of: x.row(i)).filter { labels[$0] }.count
            return (s, k - s)
        }
    }

    public func probability(_ x: Matrix) -> [Double] {
        let ns = Double(max(1, signalCount)), nb = Double(max(1, backgroundCount))
        return neighborCounts(x).map { c in
            let s = Double(c.signal) / ns, b = Double(c.background) / nb
            return s / (s + b)
        }
    }
}
