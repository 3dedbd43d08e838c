import Foundation

/// The exponential distribution with rate λ: density λ e^(−λx) on x ≥ 0.
public struct Exponential: ContinuousDistribution, Hashable {
    /// λ > 0, the rate (events per unit).
    public let rate: Double

    /// Exponential(rate: λ), λ > 0; the mean is 1/λ (SciPy's `expon(scale=1/λ)`).
    public init(rate: Double) {
        require(rate > 0, "Exponential: the rate must be positive, not \(rate); for a mean m write Exponential(rate: 1 / m)")
        self.rate = rate
    }

    /// E[X] = 1/λ.
    public var mean: Double { 1 / rate }
    /// Var X = 1/λ².
    public var variance: Double { 1 / (rate * rate) }
    public func logPDF(_ x: Double) -> Double { x < 0 ? -.infinity : log(rate) - rate * x }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : -expm1(-rate * x) }
    public func logCDF(_ x: Double) -> Double { x <= 0 ? -.infinity : log1mExp(-rate * x) }
    public func logSurvival(_ x: Double) -> Double { x <= 0 ? 0 : -rate * x }
    public func quantile(_ p: Double) -> Double { -log1p(-p) / rate }

    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        standardExponential(using: &generator) / rate
    }

    @inlinable
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Double] {
        if G.self == LectureRandom.self { return LectureRandom.withGenerator { sample(count: count, using: &$0) } }
        let (x, f) = (Ziggurat.exponential.x, Ziggurat.exponential.f)
        let scale = 1 / rate
        return bulkArray(count: count) { buffer in
            for i in 0..<count { buffer[i] = scale * Ziggurat.standardExponential(&generator, x: x, f: f) }
        }
    }
}

/// An exponential with rate λ shifted to start at `lower` and truncated to
/// [lower, upper]: density λ e^(−λ(x−L)) / (1 − e^(−λ(U−L))), the falling
/// background of an invariant-mass window.
public struct TruncatedExponential: ContinuousDistribution, Hashable {
    /// λ > 0, the rate of the fall.
    public let rate: Double
    /// L, where the density starts.
    public let lower: Double
    /// U, where it ends (∞: not truncated).
    public let upper: Double
    /// log(1 − e^(−λ(U−L))), computed once.
    let logNormaliser: Double

    /// An exponential of rate λ on [lower, upper].
    public init(rate: Double, lower: Double, upper: Double = .infinity) {
        require(rate > 0, "TruncatedExponential: the rate must be positive, not \(rate)")
        require(upper > lower, "TruncatedExponential: upper must be above lower, not \(upper) with lower \(lower)")
        self.rate = rate
        self.lower = lower
        self.upper = upper
        logNormaliser = upper.isInfinite ? 0 : log1mExp(-rate * (upper - lower))
    }

    /// E[X] = L + 1/λ − w/(e^{λw} − 1), w = U − L.
    public var mean: Double {
        let w = upper - lower
        if w.isInfinite { return lower + 1 / rate }
        return lower + 1 / rate - w / expm1(rate * w)
    }

    /// Var X = 1/λ² − w² e^{−λw}/(1 − e^{−λw})², w = U − L.
    public var variance: Double {
        let w = upper - lower
        if w.isInfinite { return 1 / (rate * rate) }
        let e = exp(-rate * w)
        return 1 / (rate * rate) - w * w * e / ((1 - e) * (1 - e))
    }

    public func logPDF(_ x: Double) -> Double {
        guard x >= lower, x <= upper else { return -.infinity }
        return log(rate) - rate * (x - lower) - logNormaliser
    }

    public func cdf(_ x: Double) -> Double {
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        return exp(log1mExp(-rate * (x - lower)) - logNormaliser)
    }

    public func logCDF(_ x: Double) -> Double {
        if x <= lower { return -.infinity }
        if x >= upper { return 0 }
        return log1mExp(-rate * (x - lower)) - logNormaliser
    }

    public func logSurvival(_ x: Double) -> Double {
        if x <= lower { return 0 }
        if x >= upper { return -.infinity }
        if upper.isInfinite { return -rate * (x - lower) }
        // (e^(−λ(x−L)) − e^(−λ(U−L))) / (1 − e^(−λ(U−L)))
        return logDiffExp(-rate * (x - lower), -rate * (upper - lower)) - logNormaliser
    }

    public func quantile(_ p: Double) -> Double {
        // 1 − e^(−λ(x−L)) = p (1 − e^(−λ(U−L)))
        lower - log1p(-p * exp(logNormaliser)) / rate
    }

    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        quantile(uniform(&generator))
    }
}

/// The continuous uniform distribution on [a, b).
public struct Uniform: ContinuousDistribution, Hashable {
    /// a, the lower end.
    public let lower: Double
    /// b, the upper end.
    public let upper: Double

    /// Uniform on [a, b), a < b.
    public init(_ lower: Double = 0, _ upper: Double = 1) {
        require(upper > lower, "Uniform: the upper end must be above the lower, not \(upper) with lower \(lower); Uniform(lower, upper)")
        self.lower = lower
        self.upper = upper
    }

    /// E[X] = (a + b)/2.
    public var mean: Double { (lower + upper) / 2 }
    /// Var X = (b − a)²/12.
    public var variance: Double { (upper - lower) * (upper - lower) / 12 }
    public func logPDF(_ x: Double) -> Double { x < lower || x > upper ? -.infinity : -log(upper - lower) }
    public func cdf(_ x: Double) -> Double { min(1, max(0, (x - lower) / (upper - lower))) }
    public func quantile(_ p: Double) -> Double { lower + p * (upper - lower) }
    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        lower + uniform(&generator) * (upper - lower)
    }
}
