import Foundation
import Stats

/// Draws from a proposal q, reweighted to a target p: wᵢ = p(xᵢ)/q(xᵢ). The
/// target may be unnormalised (likelihood × prior); then the mean weight
/// estimates its normalisation, the evidence. Weights are kept in logs, so
/// ratios far beyond the range of a Double still work.
public struct ImportanceSample<Point: Sendable>: Sendable {
    /// The draws xᵢ from the proposal q.
    public let points: [Point]
    /// log wᵢ = log p(xᵢ) − log q(xᵢ), one per point.
    public let logWeights: [Double]

    /// Weights log wᵢ = log p(xᵢ) − log q(xᵢ) for draws `points` from q.
    public init(points: [Point], logTarget: (Point) -> Double, logProposal: (Point) -> Double) {
        self.points = points
        logWeights = points.map { logTarget($0) - logProposal($0) }
    }

    /// Draws with their log weights already computed (one per point).
    public init(points: [Point], logWeights: [Double]) {
        require(points.count == logWeights.count, "ImportanceSample needs one log weight per point: \(points.count) points, \(logWeights.count) weights")
        self.points = points
        self.logWeights = logWeights
    }

    /// The weights normalised to sum to one.
    public var normalizedWeights: [Double] {
        let total = logSumExp(logWeights)
        return logWeights.map { exp($0 - total) }
    }

    /// n_eff = (Σw)² / Σw²: how many independent draws from the target the
    /// weighted sample is worth.
    public var effectiveSampleSize: Double {
        let m = logWeights.max() ?? 0
        var s = 0.0, s2 = 0.0
        for lw in logWeights {
            let w = exp(lw - m)
            s += w
            s2 += w * w
        }
        return s * s / s2
    }

    /// ε = n_eff / n, in (0, 1]: one for a proposal equal to the target.
    public var efficiency: Double { effectiveSampleSize / Double(logWeights.count) }

    /// log p(d) = log (1/n Σ wᵢ): the log evidence when the target is likelihood × prior.
    public var logEvidence: Double { logSumExp(logWeights) - log(Double(logWeights.count)) }

    /// The standard error of `logEvidence`, √((1 − ε) / (n ε)).
    public var logEvidenceError: Double {
        let e = efficiency
        return ((1 - e) / (Double(logWeights.count) * e)).squareRoot()
    }

    /// The self-normalised estimate of E_p[f] = Σ wᵢ f(xᵢ) / Σ wᵢ.
    public func expectation(_ f: (Point) -> Double) -> Double {
        zip(normalizedWeights, points).reduce(0) { $0 + $1.0 * f($1.1) }
    }
}
