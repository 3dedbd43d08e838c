import Stats

/// A classification tree (CART on binned features, weighted Gini splits):
/// the probability of signal is the weighted signal fraction of the leaf.
public struct DecisionTree: Classifier {
    let tree: Tree

    /// Grows a tree on the rows of `x` and their `labels` (weighted by `weights` if given): each split minimises the weighted Gini impurity over features binned into at most `maxBins` quantile bins, to `maxDepth` levels and at least `minSamplesLeaf` rows per leaf.
    public init(fitting x: Matrix, _ labels: [Bool], weights: [Double]? = nil, maxDepth: Int = 5,
                minSamplesLeaf: Int = 1, maxBins: Int = 255) {
        require(x.rows == labels.count, "x has \(x.rows) rows but there are \(labels.count) labels")
        let bins = FeatureBins(fitting: x, maxBins: maxBins)
        self.init(binned: bins.bin(x), bins: bins, rows: x.rows, features: x.columns, labels: labels,
                  weights: weights ?? [Double](repeating: 1, count: x.rows), maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf)
    }

    init(binned: [UInt8], bins: FeatureBins, rows: Int, features: Int, labels: [Bool], weights: [Double], maxDepth: Int, minSamplesLeaf: Int) {
        var grower = TreeGrower(bins: binned, rows: rows, features: features, featureBins: bins)
        grower.maxDepth = maxDepth
        grower.maxLeaves = maxDepth >= 30 ? Int.max : 1 << maxDepth
        grower.minSamplesLeaf = minSamplesLeaf
        var gh = [Float](repeating: 0, count: 2 * rows)
        for i in 0..<rows {
            gh[2 * i] = labels[i] ? -Float(weights[i]) : 0
            gh[2 * i + 1] = Float(weights[i])
        }
        tree = grower.grow(gh: gh, rows: Array(0..<rows))
    }

    /// The weighted signal fraction of the leaf each row of `x` falls in.
    public func probability(_ x: Matrix) -> [Double] {
        var p = [Double](repeating: 0, count: x.rows)
        tree.add(x, scale: 1, to: &p)
        return p
    }
}
