import Foundation
import Stats

/// Gradient-boosted trees for binary classification (log loss), on features
/// binned at their quantiles as in LightGBM and scikit-learn's
/// `HistGradientBoostingClassifier`: each tree takes a Newton step,
/// F ← F + η · tree, with leaves −G/(H + λ).
public struct GradientBoosting: Classifier {
    /// F₀ = log(p/(1 − p)), the log-odds of the training signal fraction p: the score before the first tree.
    public let baseScore: Double
    /// η, the factor on each tree's step.
    public let learningRate: Double
    let trees: [Tree]

    /// Fits `count` trees to the rows of `x` and their `labels`, each a Newton step on the log loss with at most `maxLeaves` leaves (grown best-first), `minSamplesLeaf` rows per leaf and an L2 penalty `l2` on leaf values, scaled by `learningRate`.
    ///
    ///     let bdt = GradientBoosting(fitting: xTrain, yTrain, trees: 200)
    ///     let scores = bdt.probability(xTest)
    public init(fitting x: Matrix, _ labels: [Bool], trees count: Int = 100, learningRate: Double = 0.1,
                maxLeaves: Int = 31, maxDepth: Int? = nil, minSamplesLeaf: Int = 20, l2: Double = 0, maxBins: Int = 255) {
        require(x.rows == labels.count, "x has \(x.rows) rows but there are \(labels.count) labels")
        let bins = FeatureBins(fitting: x, maxBins: maxBins)
        var grower = TreeGrower(bins: bins.bin(x), rows: x.rows, features: x.columns, featureBins: bins)
        grower.maxLeaves = maxLeaves
        grower.maxDepth = maxDepth ?? Int.max
        grower.minSamplesLeaf = minSamplesLeaf
        grower.l2 = l2
        let y = labels.map { $0 ? 1.0 : 0.0 }
        let rate = min(max(y.reduce(0, +) / Double(max(1, y.count)), 1e-12), 1 - 1e-12)
        baseScore = log(rate / (1 - rate))
        self.learningRate = learningRate
        var score = [Double](repeating: baseScore, count: x.rows)
        var gh = [Float](repeating: 0, count: 2 * x.rows)
        var trees: [Tree] = []
        let all = Array(0..<x.rows)
        let rows = x.rows
        for _ in 0..<count {
            // g = p − y and h = p (1 − p) of the log loss, rows split over two threads.
            score.withUnsafeBufferPointer { sp in
                y.withUnsafeBufferPointer { yp in
                    gh.withUnsafeMutableBufferPointer { ghp in
                        let job = GradientJob(score: sp.baseAddress!, y: yp.baseAddress!, gh: ghp.baseAddress!)
                        let half = (rows + 1) / 2
                        Parallel.forEach(2) { t in job.run(t * half..<min(rows, (t + 1) * half)) }
                    }
                }
            }
            trees.append(grower.grow(gh: gh, rows: all) { value, rows in
                for r in rows { score[r] += learningRate * value }
            })
        }
        self.trees = trees
    }

    /// F(x) = base + η Σ tree(x): the log-odds of signal.
    public func decisionFunction(_ x: Matrix) -> [Double] {
        var scores = [Double](repeating: baseScore, count: x.rows)
        Tree.add(trees, x, scale: learningRate, to: &scores)
        return scores
    }

    /// σ(F(x)) = 1/(1 + e^−F) for each row, F = F₀ + η Σ trees.
    public func probability(_ x: Matrix) -> [Double] {
        decisionFunction(x).map { 1 / (1 + exp(-$0)) }
    }

    /// The number of trees fitted.
    public var treeCount: Int { trees.count }
}

/// Discrete AdaBoost (Freund & Schapire 1997) with shallow classification
/// trees: each round reweights the events the last tree got wrong. The score
/// F = Σ αₘ hₘ(x), hₘ ∈ {−1, +1}, estimates half the log-odds, so the
/// probability is σ(2F).
public struct AdaBoost: Classifier {
    let stages: [(tree: Tree, alpha: Double)]

    /// Fits `rounds` trees of depth `maxDepth`: each with error ε has weight αₘ = η · ½ log((1 − ε)/ε), and the events it misclassified have their weights multiplied by e^{2αₘ} before the next round.
    public init(fitting x: Matrix, _ labels: [Bool], rounds: Int = 100, maxDepth: Int = 3, learningRate: Double = 1,
                minSamplesLeaf: Int = 1, maxBins: Int = 255) {
        require(x.rows == labels.count, "x has \(x.rows) rows but there are \(labels.count) labels")
        let bins = FeatureBins(fitting: x, maxBins: maxBins)
        let binned = bins.bin(x)
        var w = [Double](repeating: 1 / Double(x.rows), count: x.rows)
        var stages: [(Tree, Double)] = []
        for _ in 0..<rounds {
            let tree = DecisionTree(binned: binned, bins: bins, rows: x.rows, features: x.columns, labels: labels, weights: w,
                                    maxDepth: maxDepth, minSamplesLeaf: minSamplesLeaf).tree
            var wrong = [Bool](repeating: false, count: x.rows)
            var error = 0.0, total = 0.0
            for i in 0..<x.rows {
                wrong[i] = (tree.value(x, row: i) > 0.5) != labels[i]
                if wrong[i] { error += w[i] }
                total += w[i]
            }
            error /= total
            guard error > 1e-12 else { stages.append((tree, 10)); break }
            guard error < 0.5 else { break }
            let alpha = learningRate * 0.5 * log((1 - error) / error)
            stages.append((tree, alpha))
            let up = exp(2 * alpha)
            for i in 0..<x.rows where wrong[i] { w[i] *= up }
            let sum = w.reduce(0, +)
            for i in w.indices { w[i] /= sum }
        }
        self.stages = stages
    }

    /// F(x) = Σ αₘ hₘ(x).
    public func decisionFunction(_ x: Matrix) -> [Double] {
        (0..<x.rows).map { i in stages.reduce(0) { $0 + $1.alpha * ($1.tree.value(x, row: i) > 0.5 ? 1 : -1) } }
    }

    /// σ(2F(x)) for each row, F = Σ αₘ hₘ(x).
    public func probability(_ x: Matrix) -> [Double] {
        decisionFunction(x).map { 1 / (1 + exp(-2 * $0)) }
    }

    /// The number of rounds run (fewer than asked when a tree is perfect or useless).
    public var roundCount: Int { stages.count }
}

/// The log loss's gradients and Hessians for a range of rows.
private struct GradientJob: @unchecked Sendable {
    let score: UnsafePointer<Double>
    let y: UnsafePointer<Double>
    let gh: UnsafeMutablePointer<Float>

    func run(_ rows: Range<Int>) {
        for i in rows {
            let p = 1 / (1 + exp(-score[i]))
            gh[2 * i] = Float(p - y[i])
            gh[2 * i + 1] = Float(max(p * (1 - p), 1e-16))
        }
    }
}
