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

    /// A node's histograms: per feature and bin, the sums of g and h and the count.
    private struct Histogram {
        var g: [Double]
        var h: [Double]
        var n: [Int32]
        init(features: Int) {
            g = [Double](repeating: 0, count: features * TreeGrower.width)
            h = g
            n = [Int32](repeating: 0, count: features * TreeGrower.width)
        }
        mutating func subtract(from parent: Histogram) {
            for i in g.indices { g[i] = parent.g[i] - g[i]; h[i] = parent.h[i] - h[i]; n[i] = parent.n[i] - n[i] }
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

    /// Grows a tree; `leafOf` receives, for each leaf value, the rows that reached it.
    func grow(g: [Double], h: [Double], rows sample: [Int], leafOf: (Double, [Int]) -> Void = { _, _ in }) -> Tree {
        var nodes = [Tree.Node()]
        let rootHistogram = histogram(sample, g, h)
        let (G, H) = sample.reduce((0.0, 0.0)) { ($0.0 + g[$1], $0.1 + h[$1]) }
        var leaves = [Leaf(node: 0, rows: sample, depth: 0, histogram: rootHistogram, split: bestSplit(rootHistogram, G, H, depth: 0), g: G, h: H)]
        var finished: [Leaf] = []
        while leaves.count + finished.count < maxLeaves {
            guard let k = leaves.indices.filter({ leaves[$0].split.feature >= 0 }).max(by: { leaves[$0].split.gain < leaves[$1].split.gain }) else { break }
            let leaf = leaves.remove(at: k)
            let f = leaf.split.feature, b = leaf.split.bin
            let column = f * rows
            var left: [Int] = [], right: [Int] = []
            left.reserveCapacity(leaf.rows.count)
            right.reserveCapacity(leaf.rows.count)
            bins.withUnsafeBufferPointer { bp in
                for r in leaf.rows { if Int(bp[column + r]) <= b { left.append(r) } else { right.append(r) } }
            }
            nodes[leaf.node].feature = f
            nodes[leaf.node].threshold = featureBins.edges[f][b]
            nodes[leaf.node].left = nodes.count
            nodes[leaf.node].right = nodes.count + 1
            nodes.append(Tree.Node())
            nodes.append(Tree.Node())
            let smallIsLeft = left.count <= right.count
            let small = histogram(smallIsLeft ? left : right, g, h)
            var large = small
            large.subtract(from: leaf.histogram)
            let (lh, rh) = smallIsLeft ? (small, large) : (large, small)
            for (node, part, hist) in [(nodes.count - 2, left, lh), (nodes.count - 1, right, rh)] {
                let (pg, ph) = part.reduce((0.0, 0.0)) { ($0.0 + g[$1], $0.1 + h[$1]) }
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
    private func histogram(_ sample: [Int], _ g: [Double], _ h: [Double]) -> Histogram {
        var hist = Histogram(features: features)
        let threads = sample.count * features >= 200_000 && features > 1 ? 2 : 1
        hist.g.withUnsafeMutableBufferPointer { G in
            hist.h.withUnsafeMutableBufferPointer { H in
                hist.n.withUnsafeMutableBufferPointer { N in
                    bins.withUnsafeBufferPointer { bp in
                        g.withUnsafeBufferPointer { gp in
                            h.withUnsafeBufferPointer { hp in
                                sample.withUnsafeBufferPointer { sp in
                                    let job = HistogramJob(G: G.baseAddress!, H: H.baseAddress!, N: N.baseAddress!, bins: bp.baseAddress!,
                                                           g: gp.baseAddress!, h: hp.baseAddress!, sample: sp, rows: rows)
                                    // Each thread owns whole features, so no bin is written twice.
                                    DispatchQueue.concurrentPerform(iterations: threads) { t in
                                        for f in stride(from: t, to: features, by: threads) { job.fill(feature: f) }
                                    }
                                }
                            }
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
        let total = Int32(hist.n[0..<TreeGrower.width].reduce(0, +))
        for f in 0..<features {
            let base = f * TreeGrower.width
            var gl = 0.0, hl = 0.0, nl: Int32 = 0
            for b in 0..<featureBins.edges[f].count {
                gl += hist.g[base + b]
                hl += hist.h[base + b]
                nl += hist.n[base + b]
                let nr = total - nl
                guard nl >= minSamplesLeaf else { continue }
                guard nr >= minSamplesLeaf else { break }
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
    let G: UnsafeMutablePointer<Double>
    let H: UnsafeMutablePointer<Double>
    let N: UnsafeMutablePointer<Int32>
    let bins: UnsafePointer<UInt8>
    let g: UnsafePointer<Double>
    let h: UnsafePointer<Double>
    let sample: UnsafeBufferPointer<Int>
    let rows: Int

    func fill(feature f: Int) {
        let base = f * 256, column = bins + f * rows
        for r in sample {
            let b = base + Int(column[r])
            G[b] += g[r]
            H[b] += h[r]
            N[b] += 1
        }
    }
}
