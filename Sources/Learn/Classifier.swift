import Stats

/// Something that scores events: the estimated probability that each row of
/// `x` is signal (the positive class).
public protocol Classifier: Sendable {
    /// The estimated probability that each row of `x` is signal, one per row.
    func probability(_ x: Matrix) -> [Double]
}

extension Classifier {
    /// Signal (true) where the probability exceeds `threshold`.
    public func classify(_ x: Matrix, threshold: Double = 0.5) -> [Bool] {
        probability(x).map { $0 > threshold }
    }

    /// The old spelling of `classify(_:threshold:)`. It is not `predict`, which
    /// on a network gives its outputs: two `predict(_:)` overloads make every
    /// expression around a call slow to type-check.
    @available(*, unavailable, renamed: "classify(_:threshold:)")
    public func predict(_ x: Matrix, threshold: Double = 0.5) -> [Bool] { classify(x, threshold: threshold) }

    /// The likelihood ratio p(x | signal) / p(x | background) that the
    /// classifier's probability s(x) implies: r = s / (1 − s), times
    /// N_background / N_signal when the training classes were unbalanced
    /// (the likelihood-ratio trick).
    public func likelihoodRatio(_ x: Matrix, signalFraction: Double = 0.5) -> [Double] {
        probability(x).map { LikelihoodRatio.fromProbability($0, signalFraction: signalFraction) }
    }
}

extension Network: Classifier {
    /// The network's single output (a sigmoid) as the signal probability.
    public func probability(_ x: Matrix) -> [Double] {
        require(outputs == 1, "probability(_:) is for a network with one (sigmoid) output; this one has \(outputs): use predict(_:)")
        return predict(x).values
    }
}

/// The likelihood-ratio trick: a classifier trained to separate samples of two
/// hypotheses estimates their density ratio.
public enum LikelihoodRatio {
    /// r = s / (1 − s) · (1 − π) / π, for a probability s trained with signal fraction π.
    public static func fromProbability(_ s: Double, signalFraction: Double = 0.5) -> Double {
        let clamped = min(max(s, 1e-12), 1 - 1e-12)
        return clamped / (1 - clamped) * (1 - signalFraction) / signalFraction
    }
}

extension Matrix {
    /// The rows at `indices`, in that order.
    public func rows(_ indices: some Collection<Int>) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        values.withUnsafeBufferPointer { v in
            out.values.withUnsafeMutableBufferPointer { o in
                var i = 0
                for r in indices {
                    for j in 0..<columns { o[i * columns + j] = v[r * columns + j] }
                    i += 1
                }
            }
        }
        return out
    }
}
