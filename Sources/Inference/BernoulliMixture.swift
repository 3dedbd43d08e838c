import Foundation
import Stats

/// A mixture of independent Bernoulli vectors, p(x) = Σₖ πₖ Πⱼ μₖⱼ^xⱼ (1 − μₖⱼ)^(1 − xⱼ),
/// for binary data such as black-and-white images, fitted by EM (Bishop,
/// *Pattern Recognition and Machine Learning*, §9.3.3). Starts draw the μ at
/// random in (0.25, 0.75); `starts` runs keep the best.
public struct BernoulliMixture: Sendable {
    /// πₖ: the share of the data in component k (they sum to 1).
    public let weights: [Double]
    /// μₖⱼ: the probability that feature j is on in component k.
    public let probabilities: [[Double]]
    /// Mean log-likelihood per data vector.
    public let logLikelihood: Double
    /// EM iterations run by the best start.
    public let iterations: Int
    /// Whether the best start's log-likelihood settled within the tolerance before the iteration limit.
    public let converged: Bool

    /// Fits `components` components to binary vectors (rows of `x`, each value 0 or 1).
    public init(fitting x: [[Bool]], components k: Int, tolerance: Double = 1e-6, maxIterations: Int = 500,
                starts: Int = 3, using generator: inout some RandomNumberGenerator) {
        require(!x.isEmpty && k >= 1, "BernoulliMixture needs data and at least one component, not \(x.count) vectors and \(k) components")
        let d = x[0].count
        require(x.allSatisfy { $0.count == d }, "BernoulliMixture needs vectors of one length: the first has \(d) values, another \(x.first { $0.count != d }?.count ?? d)")
        var best: BernoulliMixture?
        for _ in 0..<max(1, starts) {
            var weights = [Double](repeating: 1 / Double(k), count: k)
            var mu = (0..<k).map { _ in (0..<d).map { _ in Double.random(in: 0.25..<0.75, using: &generator) } }
            var previous = -Double.infinity, logLikelihood = -Double.infinity
            var iterations = 0, converged = false
            var logs = [Double](repeating: 0, count: k)
            while iterations < maxIterations {
                iterations += 1
                let logMu = mu.map { $0.map(log) }, logNotMu = mu.map { $0.map { log1p(-$0) } }
                var counts = [Double](repeating: 0, count: k)
                var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
                var total = 0.0
                for row in x {
                    for c in 0..<k {
                        var l = log(weights[c])
                        for j in 0..<d { l += row[j] ? logMu[c][j] : logNotMu[c][j] }
                        logs[c] = l
                    }
                    let norm = logSumExp(logs)
                    total += norm
                    for c in 0..<k {
                        let r = exp(logs[c] - norm)
                        counts[c] += r
                        for j in 0..<d where row[j] { sums[c][j] += r }
                    }
                }
                logLikelihood = total / Double(x.count)
                // M step; μ kept inside (0, 1) so the logs stay finite.
                for c in 0..<k {
                    weights[c] = max(counts[c], 1e-300) / Double(x.count)
                    mu[c] = sums[c].map { min(max($0 / max(counts[c], 1e-300), 1e-9), 1 - 1e-9) }
                }
                if abs(logLikelihood - previous) < tolerance {
                    converged = true
                    break
                }
                previous = logLikelihood
            }
            let fit = BernoulliMixture(weights: weights, probabilities: mu, logLikelihood: logLikelihood,
                                       iterations: iterations, converged: converged)
            if best.map({ fit.logLikelihood > $0.logLikelihood }) ?? true { best = fit }
        }
        self = best!
    }

    /// Fits with the lecture's generator.
    public init(fitting x: [[Bool]], components k: Int, tolerance: Double = 1e-6, maxIterations: Int = 500, starts: Int = 3) {
        var g = LectureRandom()
        self.init(fitting: x, components: k, tolerance: tolerance, maxIterations: maxIterations, starts: starts, using: &g)
    }

    init(weights: [Double], probabilities: [[Double]], logLikelihood: Double, iterations: Int, converged: Bool) {
        self.weights = weights
        self.probabilities = probabilities
        self.logLikelihood = logLikelihood
        self.iterations = iterations
        self.converged = converged
    }

    /// The probability that each vector came from each component.
    public func responsibilities(_ x: [[Bool]]) -> [[Double]] {
        x.map { row in
            let logs = weights.indices.map { c in
                row.indices.reduce(log(weights[c])) { $0 + (row[$1] ? log(probabilities[c][$1]) : log1p(-probabilities[c][$1])) }
            }
            let norm = logSumExp(logs)
            return logs.map { exp($0 - norm) }
        }
    }
}
