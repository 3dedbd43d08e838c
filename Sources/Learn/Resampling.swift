import Stats

/// Ways to split and resample a data set of `count` rows by index.
public enum Resampling {
    /// A random split: `testFraction` of the rows for testing, the rest for training.
    public static func trainTestSplit(count: Int, testFraction: Double = 0.5,
                                      using generator: inout some RandomNumberGenerator) -> (train: [Int], test: [Int]) {
        require((0...1).contains(testFraction), "trainTestSplit: testFraction must be in [0, 1], not \(testFraction)")
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let testCount = Int((Double(count) * testFraction).rounded())
        return (Array(order[testCount...]), Array(order[..<testCount]))
    }

    /// k-fold cross-validation: k (train, test) pairs whose test parts partition the rows.
    public static func kFold(count: Int, folds k: Int, using generator: inout some RandomNumberGenerator) -> [(train: [Int], test: [Int])] {
        require(k >= 2 && k <= count, "kFold needs 2 ≤ folds ≤ count, not \(k) folds of \(count) rows")
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        return (0..<k).map { f in
            let lo = f * count / k, hi = (f + 1) * count / k
            return (Array(order[..<lo] + order[hi...]), Array(order[lo..<hi]))
        }
    }

    /// A bootstrap sample: `count` row indices drawn with replacement.
    public static func bootstrap(count: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
        (0..<count).map { _ in Int.random(in: 0..<count, using: &generator) }
    }
}

/// Several models of the same kind (say, trained on bootstrap samples): their
/// mean prediction, and the spread between them as its uncertainty.
public struct Ensemble<Model: Classifier>: Classifier {
    /// The models whose predictions are averaged.
    public var members: [Model]

    /// An ensemble of `members` (at least one).
    public init(_ members: [Model]) {
        require(!members.isEmpty, "Ensemble needs at least one member, not none")
        self.members = members
    }

    /// Each member's probabilities, member by member.
    public func memberProbabilities(_ x: Matrix) -> [[Double]] { members.map { $0.probability(x) } }

    /// The members' mean probability.
    public func probability(_ x: Matrix) -> [Double] {
        let all = memberProbabilities(x)
        return (0..<x.rows).map { i in all.reduce(0) { $0 + $1[i] } / Double(all.count) }
    }

    /// The members' mean and standard deviation of any per-row quantity.
    public func spread(_ x: Matrix, of quantity: (Model, Matrix) -> [Double]) -> (mean: [Double], standardDeviation: [Double]) {
        let all = members.map { quantity($0, x) }
        let n = Double(all.count)
        let mean = (0..<x.rows).map { i in all.reduce(0) { $0 + $1[i] } / n }
        let sd = (0..<x.rows).map { i in
            (all.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / max(1, n - 1)).squareRoot()
        }
        return (mean, sd)
    }
}
