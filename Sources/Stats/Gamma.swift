import Foundation

/// The gamma distribution with shape α and rate β: density
/// β^α x^(α−1) e^(−βx) / Γ(α) on x > 0 (scale = 1/β).
public struct Gamma: ContinuousDistribution, Hashable {
    /// α > 0, the shape.
    public let shape: Double
    /// β > 0, the rate.
    public let rate: Double

    /// Gamma(shape: α, rate: β), both positive.
    public init(shape: Double, rate: Double = 1) {
        require(shape > 0 && rate > 0, "Gamma: the shape and the rate must be positive, not shape \(shape), rate \(rate)")
        self.shape = shape
        self.rate = rate
    }

    /// Gamma(shape: α, scale: θ) = Gamma(shape: α, rate: 1/θ) (SciPy's `gamma(α, scale=θ)`).
    public init(shape: Double, scale: Double) { self.init(shape: shape, rate: 1 / scale) }

    /// θ = 1/β.
    public var scale: Double { 1 / rate }
    /// E[X] = α/β.
    public var mean: Double { shape / rate }
    /// Var X = α/β².
    public var variance: Double { shape / (rate * rate) }

    public func logPDF(_ x: Double) -> Double {
        if x < 0 { return -.infinity }
        if x == 0 { return shape == 1 ? log(rate) : (shape < 1 ? .infinity : -.infinity) }
        return shape * log(rate) + (shape - 1) * log(x) - rate * x - Special.logGamma(shape)
    }

    public func cdf(_ x: Double) -> Double { Special.gammaP(shape, rate * x) }
    public func logCDF(_ x: Double) -> Double { Special.logGammaP(shape, rate * x) }
    public func logSurvival(_ x: Double) -> Double { Special.logGammaQ(shape, rate * x) }
    public func quantile(_ p: Double) -> Double { Special.inverseGammaP(shape, p) / rate }

    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        standardGamma(shape: shape, using: &generator) / rate
    }

    /// The posterior of a Poisson rate after `counts` observations, with this as prior:
    /// Gamma(α + Σk, β + n).
    public func updated(poissonCounts counts: [Int]) -> Gamma {
        Gamma(shape: shape + Double(counts.reduce(0, +)), rate: rate + Double(counts.count))
    }
}

/// The chi-squared distribution with k degrees of freedom: Gamma(k/2, rate 1/2).
public struct ChiSquared: ContinuousDistribution, Hashable {
    /// k > 0, the degrees of freedom.
    public let degreesOfFreedom: Double
    var gamma: Gamma { Gamma(shape: degreesOfFreedom / 2, rate: 0.5) }

    /// χ²(k), k > 0.
    public init(_ degreesOfFreedom: Double) {
        require(degreesOfFreedom > 0, "ChiSquared: the degrees of freedom k must be positive, not \(degreesOfFreedom)")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// E[X] = k.
    public var mean: Double { degreesOfFreedom }
    /// Var X = 2k.
    public var variance: Double { 2 * degreesOfFreedom }
    public func logPDF(_ x: Double) -> Double { gamma.logPDF(x) }
    public func cdf(_ x: Double) -> Double { gamma.cdf(x) }
    public func logCDF(_ x: Double) -> Double { gamma.logCDF(x) }
    public func logSurvival(_ x: Double) -> Double { gamma.logSurvival(x) }
    public func quantile(_ p: Double) -> Double { gamma.quantile(p) }
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double { gamma.sample(using: &generator) }
}
