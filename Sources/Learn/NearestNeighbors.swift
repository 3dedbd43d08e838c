import Foundation
import Stats

/// k-nearest-neighbour classification with a k-d tree (exact Euclidean
/// search; on one coordinate, no tree but a walk out from the query along the
/// sorted values). Among an event's k nearest training events, n_s are signal and n_b
/// background out of N_s and N_b in all: the likelihood ratio estimate is
/// (n_s / N_s) / (n_b / N_b), and the probability the balanced
/// (n_s / N_s) / (n_s / N_s + n_b / N_b), so that `likelihoodRatio` gives it back.
public struct NearestNeighbors: Classifier {
    /// The number of neighbours each prediction counts.
    public let k: Int
    let points: [Double]
    let labels: [Bool]
    let dimension: Int
    let signalCount: Int
    let backgroundCount: Int
    /// The k-d tree, with more than one coordinate (empty with one).
    private let nodes: [Node]
    private let order: [Int]
    /// With one coordinate: the training values in increasing order, their
    /// rows, and how many signal labels come before each position (n + 1
    /// counts), so a query's k nearest are one window found by binary search
    /// and counted by one subtraction (O(log n), whatever k).
    private let line: (values: [Double], rows: [Int], signalBefore: [Int])?

    private struct Node: Sendable {
        var lower: Int, upper: Int        // rows order[lower..<upper]
        var axis = -1, split = 0.0        // axis < 0: a leaf
        var left = -1, right = -1
    }

    /// Stores the rows of `x` and their `labels` in a k-d tree, to classify by the `k` nearest.
    public init(fitting x: Matrix, _ labels: [Bool], k: Int = 20) {
        require(x.rows == labels.count && x.rows >= k && k > 0, "NearestNeighbors needs one label per row and at least k > 0 rows, not k = \(k) with \(x.rows) rows and \(labels.count) labels")
        self.k = k
        points = x.values
        self.labels = labels
        dimension = x.columns
        signalCount = labels.filter { $0 }.count
        backgroundCount = labels.count - signalCount
        if x.columns == 1 {
            let rows = (0..<x.rows).sorted { (x.values[$0], $0) < (x.values[$1], $1) }
            var before = [0]
            before.reserveCapacity(rows.count + 1)
            for r in rows { before.append(before[before.count - 1] + (labels[r] ? 1 : 0)) }
            line = (rows.map { x.values[$0] }, rows, before)
            nodes = []
            order = []
            return
        }
        var order = Array(0..<x.rows)
        var nodes: [Node] = []
        Self.build(&nodes, &order, 0, x.rows, points: x.values, dimension: x.columns)
        self.nodes = nodes
        self.order = order
        line = nil
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
        require(point.count == dimension, "NearestNeighbors was fitted on points of \(dimension) coordinates, not \(point.count)")
        if let line {
            let p = point[0]
            let start = line.values.withUnsafeBufferPointer { Self.nearestWindow(to: p, on: $0, k: k) }
            return (start..<(start + k)).sorted { (abs(line.values[$0] - p), line.rows[$0]) < (abs(line.values[$1] - p), line.rows[$1]) }
                .map { line.rows[$0] }
        }
        var best = NearestHeap(capacity: k)
        point.withUnsafeBufferPointer { search(0, $0.baseAddress!, &best) }
        return best.sorted()
    }

    private func search(_ n: Int, _ p: UnsafePointer<Double>, _ best: inout NearestHeap) {
        let node = nodes[n]
        if node.axis < 0 {
            for i in node.lower..<node.upper {
                let r = order[i]
                var d = 0.0
                for j in 0..<dimension { let t = points[r * dimension + j] - p[j]; d += t * t }
                best.offer(d, r)
            }
            return
        }
        let delta = p[node.axis] - node.split
        let (near, far) = delta < 0 ? (node.left, node.right) : (node.right, node.left)
        search(near, p, &best)
        if !best.isFull || delta * delta < best.worst { search(far, p, &best) }
    }

    /// Signal and background counts among each row's k nearest neighbours
    /// (rows split over two threads).
    public func neighborCounts(_ x: Matrix) -> [(signal: Int, background: Int)] {
        require(x.columns == dimension, "NearestNeighbors was fitted on points of \(dimension) coordinates; x has \(x.columns) columns")
        var signal = [Int](repeating: 0, count: x.rows)
        x.values.withUnsafeBufferPointer { v in
            signal.withUnsafeMutableBufferPointer { out in
                let job = NeighborJob(knn: self, values: v.baseAddress!, out: out.baseAddress!)
                let threads = x.rows > 1000 ? 2 : 1
                let chunk = (x.rows + threads - 1) / threads
                Parallel.forEach(threads) { t in
                    for i in (t * chunk)..<min(x.rows, (t + 1) * chunk) { job.count(row: i) }
                }
            }
        }
        return signal.map { ($0, k - $0) }
    }

    /// How many of the k nearest training rows to `point` are signal.
    func signalNeighbors(of point: UnsafePointer<Double>) -> Int {
        if let line {
            let start = line.values.withUnsafeBufferPointer { Self.nearestWindow(to: point[0], on: $0, k: k) }
            return line.signalBefore[start + k] - line.signalBefore[start]
        }
        var best = NearestHeap(capacity: k)
        search(0, point, &best)
        return best.rowIndices.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
    }

    /// The k values nearest to `p` on the sorted `v` are `v[a..<a + k]`; this
    /// returns a. Walking out from where p would be inserted, always to the
    /// nearer side (the lower on a tie), ends at the smallest a whose left end
    /// is no farther from p than the value just past its right end,
    /// p − v[a] ≤ v[a + k] − p (or a + k = n). That test only turns from false
    /// to true as a grows, so a binary search over the k + 1 candidate windows
    /// finds it.
    static func nearestWindow(to p: Double, on v: UnsafeBufferPointer<Double>, k: Int) -> Int {
        var low = 0, high = v.count
        while low < high {
            let mid = (low + high) / 2
            if v[mid] < p { low = mid + 1 } else { high = mid }
        }
        var first = max(0, low - k), last = min(v.count - k, low)
        while first < last {
            let a = (first + last) / 2
            if p - v[a] <= v[a + k] - p { last = a } else { first = a + 1 }
        }
        return first
    }

    /// (n_s/N_s) / (n_s/N_s + n_b/N_b) among each row's k nearest training events.
    public func probability(_ x: Matrix) -> [Double] {
        let ns = Double(max(1, signalCount)), nb = Double(max(1, backgroundCount))
        return neighborCounts(x).map { c in
            let s = Double(c.signal) / ns, b = Double(c.background) / nb
            return s / (s + b)
        }
    }
}

/// The k nearest candidates so far: a max-heap on distance, so the farthest is
/// replaced in O(log k).
struct NearestHeap {
    private var distances: [Double] = []
    private var rows: [Int] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
    }

    var isFull: Bool { distances.count == capacity }
    /// The largest distance kept (the bound for pruning).
    var worst: Double { distances.first ?? .infinity }

    mutating func offer(_ d: Double, _ row: Int) {
        if distances.count < capacity {
            distances.append(d)
            rows.append(row)
            var i = distances.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard distances[parent] < distances[i] else { break }
                distances.swapAt(parent, i)
                rows.swapAt(parent, i)
                i = parent
            }
        } else if d < distances[0] {
            distances[0] = d
            rows[0] = row
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var largest = i
                if l < capacity, distances[l] > distances[largest] { largest = l }
                if r < capacity, distances[r] > distances[largest] { largest = r }
                if largest == i { break }
                distances.swapAt(largest, i)
                rows.swapAt(largest, i)
                i = largest
            }
        }
    }

    /// The rows kept, in heap order.
    var rowIndices: [Int] { rows }

    /// The rows, nearest first (ties by row number).
    func sorted() -> [Int] {
        rows.indices.sorted { (distances[$0], rows[$0]) < (distances[$1], rows[$1]) }.map { rows[$0] }
    }
}

/// Neighbour counts for rows of a matrix; threads take disjoint rows.
private struct NeighborJob: @unchecked Sendable {
    let knn: NearestNeighbors
    let values: UnsafePointer<Double>
    let out: UnsafeMutablePointer<Int>

    func count(row i: Int) {
        out[i] = knn.signalNeighbors(of: values + i * knn.dimension)
    }
}
