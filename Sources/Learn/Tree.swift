import Foundation
import Stats

/// A fitted binary tree: internal nodes send x[feature] ≤ threshold left.
struct Tree: Sendable {
    struct Node: Sendable {
        var feature: Int = -1
        var threshold = 0.0
        var left = -1
        var right = -1
        var value = 0.0
        var isLeaf: Bool { feature < 0 }
    }

    var nodes: [Node]

    /// Adds `scale` × the leaf value of every row of `x` to `scores`.
    func add(_ x: Matrix, scale: Double, to scores: inout [Double]) {
        Tree.add([self], x, scale: scale, to: &scores)
    }

    /// Adds `scale` × the sum of the trees' leaf values for every row of `x` to
    /// `scores`, rows split over two threads when there are many.
    static func add(_ trees: [Tree], _ x: Matrix, scale: Double, to scores: inout [Double]) {
        x.values.withUnsafeBufferPointer { v in
            scores.withUnsafeMutableBufferPointer { out in
                let job = PredictionJob(trees: trees, values: v.baseAddress!, columns: x.columns, scores: out.baseAddress!, scale: scale)
                let threads = x.rows * trees.count >= 20_000 ? 2 : 1
                let chunk = (x.rows + threads - 1) / threads
                Parallel.forEach(threads) { t in
                    job.run(rows: (t * chunk)..<min(x.rows, (t + 1) * chunk))
                }
            }
        }
    }

    /// The leaf value for row `i` of `x`.
    func value(_ x: Matrix, row i: Int) -> Double {
        var n = 0
        while !nodes[n].isLeaf {
            n = x.values[i * x.columns + nodes[n].feature] <= nodes[n].threshold ? nodes[n].left : nodes[n].right
        }
        return nodes[n].value
    }
}

/// Grows trees on binned features from per-row gradients g and Hessians h
/// (Newton boosting): a leaf's value is −G/(H + λ) and a split's gain
/// G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ), where G and H sum over the
/// rows in a node. With g = −w·y and h = w (y ∈ {0, 1}) the gain is the
/// weighted Gini decrease and the leaf the weighted signal fraction, so the
/// same grower makes plain classification trees. Leaves are split best first;
/// a child's histogram is built from the smaller side and the larger one
/// obtained by subtraction.
struct TreeGrower {
    let bins: [UInt8]
    let rows: Int
    let features: Int
    let featureBins: FeatureBins
    var maxLeaves = 31
    var maxDepth = Int.max
    var minSamplesLeaf = 20
    var l2 = 0.0

    private static let width = 256

    /// A node's histograms: per feature and bin, the sums of g and h and the
    /// count, as consecutive triples (one cache line per update).
    private struct Histogram {
        var sums: [Double]
        init(features: Int) {
            sums = [Double](repeating: 0, count: features * TreeGrower.width * 3)
        }
        mutating func subtract(from parent: Histogram) {
            for i in sums.indices { sums[i] = parent.sums[i] - sums[i] }
        }
        /// G, H and the count over all bins of feature 0: the node's totals.
        var totals: (g: Double, h: Double, n: Double) {
            var t = (0.0, 0.0, 0.0)
            for b in 0..<TreeGrower.width { t.0 += sums[3 * b]; t.1 += sums[3 * b + 1]; t.2 += sums[3 * b + 2] }
            return t
        }
    }

    private struct Split { var feature = -1; var bin = 0; var gain = 0.0 }

    private struct Leaf {
        var node: Int
        var rows: [Int]
        var depth: Int
        var histogram: Histogram
        var split: Split
        var g: Double
        var h: Double
    }

    /// Grows a tree from per-row gradients and Hessians, interleaved as
    /// `gh[2r] = g_r`, `gh[2r + 1] = h_r` (single precision, as LightGBM and
    /// scikit-learn keep them; the histograms sum in double); `leafOf`
    /// receives, for each leaf value, the rows that reached it.
    func grow(gh: [Float], rows sample: [Int], leafOf: (Double, [Int]) -> Void = { _, _ in }) -> Tree {
        var nodes = [Tree.Node()]
        let rootHistogram = histogram(sample, gh)
        let (G, H, _) = rootHistogram.totals
        var leaves = [Leaf(node: 0, rows: sample, depth: 0, histogram: rootHistogram, split: bestSplit(rootHistogram, G, H, depth: 0), g: G, h: H)]
        var finished: [Leaf] = []
        while leaves.count + finished.count < maxLeaves {
            guard let k = leaves.indices.filter({ leaves[$0].split.feature >= 0 }).max(by: { leaves[$0].split.gain < leaves[$1].split.gain }) else { break }
            let leaf = leaves.remove(at: k)
            let f = leaf.split.feature, b = leaf.split.bin
            let column = f * rows
            // Branch-free partition: every row is written to both sides and only
            // the side it belongs to advances.
            let count = leaf.rows.count
            var nl = 0
            var left = [Int](unsafeUninitializedCapacity: count) { l, ln in
                let right = UnsafeMutablePointer<Int>.allocate(capacity: count)
                defer { right.deallocate() }
                var nr = 0
                bins.withUnsafeBufferPointer { bp in
                    let col = bp.baseAddress! + column
                    for r in leaf.rows {
                        let goesLeft = Int(col[r]) <= b ? 1 : 0
                        l[nl] = r
                        right[nr] = r
                        nl += goesLeft
                        nr += 1 - goesLeft
                    }
                }
                // The right side goes after the left in the same buffer, then splits off.
                (l.baseAddress! + nl).update(from: right, count: nr)
                ln = count
            }
            let right = Array(left[nl...])
            left.removeLast(count - nl)
            nodes[leaf.node].feature = f
            nodes[leaf.node].threshold = featureBins.edges[f][b]
            nodes[leaf.node].left = nodes.count
            nodes[leaf.node].right = nodes.count + 1
            nodes.append(Tree.Node())
            nodes.append(Tree.Node())
            let smallIsLeft = left.count <= right.count
            let small = histogram(smallIsLeft ? left : right, gh)
            var large = small
            large.subtract(from: leaf.histogram)
            let (lh, rh) = smallIsLeft ? (small, large) : (large, small)
            for (node, part, hist) in [(nodes.count - 2, left, lh), (nodes.count - 1, right, rh)] {
                let (pg, ph, _) = hist.totals
                leaves.append(Leaf(node: node, rows: part, depth: leaf.depth + 1, histogram: hist,
                                   split: bestSplit(hist, pg, ph, depth: leaf.depth + 1), g: pg, h: ph))
            }
            // Leaves that cannot split free their histograms.
            for i in leaves.indices.reversed() where leaves[i].split.feature < 0 {
                finished.append(leaves.remove(at: i))
                finished[finished.count - 1].histogram = Histogram(features: 0)
            }
        }
        for leaf in leaves + finished {
            let value = -leaf.g / (leaf.h + l2)
            nodes[leaf.node].value = value.isFinite ? value : 0
            leafOf(nodes[leaf.node].value, leaf.rows)
        }
        return Tree(nodes: nodes)
    }

    /// The histograms of `sample`, features split over two threads for large nodes.
    private func histogram(_ sample: [Int], _ gh: [Float]) -> Histogram {
        var hist = Histogram(features: features)
        let threads = sample.count * features >= 40_000 && features > 1 ? 2 : 1
        hist.sums.withUnsafeMutableBufferPointer { S in
            bins.withUnsafeBufferPointer { bp in
                gh.withUnsafeBufferPointer { ghp in
                    sample.withUnsafeBufferPointer { sp in
                        let job = HistogramJob(sums: S.baseAddress!, bins: bp.baseAddress!, gh: ghp.baseAddress!, sample: sp, rows: rows)
                        // Each thread owns whole features, so no bin is written twice.
                        Parallel.forEach(threads) { t in
                            for f in stride(from: t, to: features, by: threads) { job.fill(feature: f) }
                        }
                    }
                }
            }
        }
        return hist
    }

    private func bestSplit(_ hist: Histogram, _ G: Double, _ H: Double, depth: Int) -> Split {
        var best = Split()
        guard depth < maxDepth else { return best }
        let parent = G * G / (H + l2)
        let total = hist.totals.n
        let minimum = Double(minSamplesLeaf)
        for f in 0..<features {
            let base = f * TreeGrower.width * 3
            var gl = 0.0, hl = 0.0, nl = 0.0
            for b in 0..<featureBins.edges[f].count {
                gl += hist.sums[base + 3 * b]
                hl += hist.sums[base + 3 * b + 1]
                nl += hist.sums[base + 3 * b + 2]
                let nr = total - nl
                guard nl >= minimum else { continue }
                guard nr >= minimum else { break }
                let gr = G - gl, hr = H - hl
                guard hl > 1e-12, hr > 1e-12 else { continue }
                let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parent
                if gain > best.gain + 1e-12 { best = Split(feature: f, bin: b, gain: gain) }
            }
        }
        return best
    }
}

/// One node's histogram fill, shared by threads that each take whole features.
private struct HistogramJob: @unchecked Sendable {
    let sums: UnsafeMutablePointer<Double>
    let bins: UnsafePointer<UInt8>
    let gh: UnsafePointer<Float>
    let sample: UnsafeBufferPointer<Int>
    let rows: Int

    func fill(feature f: Int) {
        let base = sums + f * 256 * 3, column = bins + f * rows
        for r in sample {
            let b = base + 3 * Int(column[r])
            b[0] += Double(gh[2 * r])
            b[1] += Double(gh[2 * r + 1])
            b[2] += 1
        }
    }
}

/// Tree predictions for a range of rows; threads take disjoint ranges.
private struct PredictionJob: @unchecked Sendable {
    let trees: [Tree]
    let values: UnsafePointer<Double>
    let columns: Int
    let scores: UnsafeMutablePointer<Double>
    let scale: Double

    /// Blocks of rows, every tree per block: the rows stay in cache while the
    /// trees pass over them (instead of every tree streaming all rows).
    func run(rows: Range<Int>) {
        var start = rows.lowerBound
        while start < rows.upperBound {
            let block = start..<min(rows.upperBound, start + 256)
            for tree in trees {
                tree.nodes.withUnsafeBufferPointer { nodes in
                    // Four rows walk the tree together: four independent chains of
                    // loads overlap instead of waiting on each other.
                    var i = block.lowerBound
                    while i + 4 <= block.upperBound {
                        let r0 = values + i * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
                        var n0 = 0, n1 = 0, n2 = 0, n3 = 0
                        while true {
                            var moved = false
                            if nodes[n0].feature >= 0 { n0 = nodes[n0].left &+ (r0[nodes[n0].feature] > nodes[n0].threshold ? 1 : 0); moved = true }
                            if nodes[n1].feature >= 0 { n1 = nodes[n1].left &+ (r1[nodes[n1].feature] > nodes[n1].threshold ? 1 : 0); moved = true }
                            if nodes[n2].feature >= 0 { n2 = nodes[n2].left &+ (r2[nodes[n2].feature] > nodes[n2].threshold ? 1 : 0); moved = true }
                            if nodes[n3].feature >= 0 { n3 = nodes[n3].left &+ (r3[nodes[n3].feature] > nodes[n3].threshold ? 1 : 0); moved = true }
                            if !moved { break }
                        }
                        scores[i] += scale * nodes[n0].value
                        scores[i + 1] += scale * nodes[n1].value
                        scores[i + 2] += scale * nodes[n2].value
                        scores[i + 3] += scale * nodes[n3].value
                        i += 4
                    }
                    while i < block.upperBound {
                        let row = values + i * columns
                        var n = 0
                        // Children come in pairs (right = left + 1): the step is arithmetic, not a branch.
                        while nodes[n].feature >= 0 {
                            n = nodes[n].left &+ (row[nodes[n].feature] > nodes[n].threshold ? 1 : 0)
                        }
                        scores[i] += scale * nodes[n].value
                        i += 1
                    }
                }
            }
            start = block.upperBound
        }
    }
}
