import Foundation

/// The beta distribution on [0, 1]: density x^(a−1)(1−x)^(b−1) / B(a, b).
/// Read a − 1 and b − 1 as pseudo-counts of successes and failures.
public struct Beta: ContinuousDistribution, Hashable {
    /// a > 0, the first shape (successes + 1 under a uniform prior).
    public let a: Double
    /// b > 0, the second shape (failures + 1 under a uniform prior).
    public let b: Double

    /// Beta(a, b), both shapes positive (else the cell stops and says which).
    ///
    ///     let posterior = Beta(1 + 46, 1 + 6)   // 46 heads and 6 tails from a flat prior
    ///     posterior.mean                         // 0.8704
    ///     posterior.equalTailedInterval(mass: 0.95)
    public init(_ a: Double, _ b: Double) {
        require(a > 0 && b > 0, "Beta: both shapes must be positive, not a = \(a), b = \(b) (Beta(1, 1) is uniform)")
        self.a = a
        self.b = b
    }

    /// E[X] = a / (a + b).
    public var mean: Double { a / (a + b) }
    /// Var X = ab / ((a + b)²(a + b + 1)).
    public var variance: Double { a * b / ((a + b) * (a + b) * (a + b + 1)) }
    /// The mode (a−1)/(a+b−2), for a, b > 1.
    public var mode: Double { (a - 1) / (a + b - 2) }

    public func logPDF(_ x: Double) -> Double {
        if x < 0 || x > 1 { return -.infinity }
        if x == 0 { return a == 1 ? -Special.logBeta(a, b) : (a < 1 ? .infinity : -.infinity) }
        if x == 1 { return b == 1 ? -Special.logBeta(a, b) : (b < 1 ? .infinity : -.infinity) }
        return (a - 1) * log(x) + (b - 1) * log1p(-x) - Special.logBeta(a, b)
    }

    public func cdf(_ x: Double) -> Double { Special.betaI(a, b, x) }
    public func logCDF(_ x: Double) -> Double { Special.logBetaI(a, b, x) }
    public func logSurvival(_ x: Double) -> Double { Special.logBetaI(b, a, 1 - x) }
    public func quantile(_ p: Double) -> Double { Special.inverseBetaI(a, b, p) }

    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        if a < 1 || b < 1 {
            // In logs: tiny shapes make gamma draws underflow.
            let lx = logStandardGamma(shape: a, using: &generator)
            let ly = logStandardGamma(shape: b, using: &generator)
            return 1 / (1 + exp(ly - lx))
        }
        let x = standardGamma(shape: a, using: &generator)
        let y = standardGamma(shape: b, using: &generator)
        return x / (x + y)
    }

    /// The posterior after `successes` of `trials` Bernoulli trials with this
    /// prior: Beta(a + k, b + n − k) (the box factory).
    public func updated(successes: Int, trials: Int) -> Beta {
        require(successes >= 0 && successes <= trials, "Beta.updated needs 0 ≤ successes ≤ trials, not \(successes) of \(trials)")
        return Beta(a + Double(successes), b + Double(trials - successes))
    }
}

/// A credible interval of a one-dimensional distribution.
public struct CredibleInterval: Sendable, Hashable {
    /// The interval's lower end.
    public let lower: Double
    /// The interval's upper end.
    public let upper: Double
    /// upper − lower.
    public var width: Double { upper - lower }
}

extension ContinuousDistribution {
    /// The equal-tailed interval holding `mass` (e.g. 0.95): (1 − mass)/2 cut from each side.
    public func equalTailedInterval(mass: Double = 0.95) -> CredibleInterval {
        CredibleInterval(lower: quantile((1 - mass) / 2), upper: quantile((1 + mass) / 2))
    }

    /// The highest-density interval holding `mass`, for a unimodal
    /// distribution: the narrowest [q(t), q(t + mass)], found by golden-section
    /// search over the lower tail probability t.
    public func highestDensityInterval(mass: Double = 0.95) -> CredibleInterval {
        func width(_ t: Double) -> Double { quantile(t + mass) - quantile(t) }
        var lo = 0.0, hi = 1 - mass
        let g = (5.0.squareRoot() - 1) / 2
        var c = hi - g * (hi - lo), d = lo + g * (hi - lo)
        for _ in 0..<100 where hi - lo > 1e-12 {
            if width(c) < width(d) { hi = d } else { lo = c }
            c = hi - g * (hi - lo)
            d = lo + g * (hi - lo)
        }
        let t = (lo + hi) / 2
        return CredibleInterval(lower: quantile(t), upper: quantile(t + mass))
    }
}
