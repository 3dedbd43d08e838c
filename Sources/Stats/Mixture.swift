import Foundation

/// A finite mixture Σ wₖ pₖ(x) of distributions (weights normalised to sum to one):
/// the crypto-price increments are a mixture of three normals.
public struct Mixture: ContinuousDistribution {
    /// wₖ, normalised to sum to 1.
    public let weights: [Double]
    /// The components pₖ.
    public let components: [any ContinuousDistribution]
    let logWeights: [Double]
    let chooser: Categorical

    /// Σ wₖ pₖ(x) with `weights` (non-negative, normalised) and one component each.
    ///
    ///     let returns = Mixture(weights: [0.9, 0.1], components: [Normal(0, 0.02), Normal(0, 0.1)])
    public init(weights: [Double], components: [any ContinuousDistribution]) {
        require(weights.count == components.count && !weights.isEmpty, "Mixture needs one weight per component: \(weights.count) weights for \(components.count) components")
        require(weights.allSatisfy { $0 >= 0 }, "Mixture: weights must be ≥ 0, not \(weights)")
        let total = weights.reduce(0, +)
        self.weights = weights.map { $0 / total }
        self.components = components
        logWeights = self.weights.map { log($0) }
        chooser = Categorical(self.weights)
    }

    /// E[X] = Σ wₖ μₖ.
    public var mean: Double { zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.mean } }
    /// Var X = Σ wₖ (σₖ² + μₖ²) − (E[X])².
    public var variance: Double {
        let m = mean
        return zip(weights, components).reduce(0) { s, wc in
            let (w, c) = wc
            return s + w * (c.variance + (c.mean - m) * (c.mean - m))
        }
    }

    public func logPDF(_ x: Double) -> Double {
        logSumExp(zip(logWeights, components).map { $0 + $1.logPDF(x) })
    }

    public func cdf(_ x: Double) -> Double { zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.cdf(x) } }

    public func logCDF(_ x: Double) -> Double {
        logSumExp(zip(logWeights, components).map { $0 + $1.logCDF(x) })
    }

    public func logSurvival(_ x: Double) -> Double {
        logSumExp(zip(logWeights, components).map { $0 + $1.logSurvival(x) })
    }

    /// By bisection between the components' own quantiles.
    public func quantile(_ p: Double) -> Double {
        var lo = components.map { $0.quantile(p) }.min()!, hi = components.map { $0.quantile(p) }.max()!
        if lo == hi { return lo }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-15 * max(1, abs(mid)) { break }
        }
        return (lo + hi) / 2
    }

    /// The component each draw came from, with the draws.
    public func sampleWithComponents<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> (values: [Double], components: [Int]) {
        var values = [Double](), labels = [Int]()
        values.reserveCapacity(count)
        labels.reserveCapacity(count)
        for _ in 0..<count {
            let k = chooser.sample(using: &generator)
            labels.append(k)
            values.append(components[k].sample(using: &generator))
        }
        return (values, labels)
    }

    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        components[chooser.sample(using: &generator)].sample(using: &generator)
    }
}
