import Foundation

/// The Cauchy distribution with location x₀ and scale γ: density 1 / (πγ(1 + ((x−x₀)/γ)²)).
public struct Cauchy: ContinuousDistribution, Hashable {
    /// x₀, the median.
    public let location: Double
    /// γ > 0, the half-width at half-maximum.
    public let scale: Double

    /// Cauchy(x₀, γ), γ > 0. Its mean and variance are undefined (NaN and ∞).
    public init(_ location: Double = 0, _ scale: Double = 1) {
        require(scale > 0, "Cauchy: the scale γ must be positive, not \(scale)")
        self.location = location
        self.scale = scale
    }

    /// Undefined: NaN.
    public var mean: Double { .nan }
    /// Undefined: NaN.
    public var variance: Double { .nan }
    public func logPDF(_ x: Double) -> Double {
        let z = (x - location) / scale
        return -log(Double.pi * scale) - log1p(z * z)
    }
    public func cdf(_ x: Double) -> Double { 0.5 + atan((x - location) / scale) / Double.pi }
    public func logCDF(_ x: Double) -> Double {
        let z = (x - location) / scale
        // For z ≪ 0, atan(z)/π + 1/2 = atan(−1/z)/π cancels nothing.
        return z < -1 ? log(atan(-1 / z) / Double.pi) : log(cdf(x))
    }
    public func logSurvival(_ x: Double) -> Double {
        let z = (x - location) / scale
        return z > 1 ? log(atan(1 / z) / Double.pi) : log1p(-cdf(x))
    }
    /// x₀ + γ tan(π(p − ½)), written as −γ/tan(πp) below the median so the tails keep their digits.
    public func quantile(_ p: Double) -> Double {
        if p == 0.5 { return location }
        return p < 0.5 ? location - scale / tan(Double.pi * p) : location + scale / tan(Double.pi * (1 - p))
    }
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        location + scale * standardNormal(using: &generator) / standardNormal(using: &generator)
    }
}

/// The half-Cauchy distribution: |X| for X ~ Cauchy(0, γ), shifted to start at
/// `location` (Stan's `cauchy(0, γ)` on a parameter with `<lower=0>`).
public struct HalfCauchy: ContinuousDistribution, Hashable {
    /// Where the distribution starts (0 for a scale prior).
    public let location: Double
    /// γ > 0, the scale.
    public let scale: Double

    /// The half-Cauchy with scale γ starting at `location`; `HalfCauchy(0, 5)` is the usual weakly informative prior on a standard deviation.
    public init(_ location: Double = 0, _ scale: Double = 1) {
        require(scale > 0, "HalfCauchy: the scale γ must be positive, not \(scale)")
        self.location = location
        self.scale = scale
    }

    /// The half-Cauchy with scale γ on [0, ∞).
    public init(scale: Double) { self.init(0, scale) }

    /// E[X] = ∞: the tail is too heavy for a mean.
    public var mean: Double { .infinity }
    /// Var X = ∞.
    public var variance: Double { .infinity }
    public func logPDF(_ x: Double) -> Double {
        guard x >= location else { return -.infinity }
        let z = (x - location) / scale
        return log(2 / (Double.pi * scale)) - log1p(z * z)
    }
    public func cdf(_ x: Double) -> Double { x <= location ? 0 : 2 / Double.pi * atan((x - location) / scale) }
    public func logSurvival(_ x: Double) -> Double {
        guard x > location else { return 0 }
        return log(2 / Double.pi * atan(scale / (x - location)))
    }
    public func quantile(_ p: Double) -> Double { location + scale * tan(Double.pi * p / 2) }
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        location + scale * abs(standardNormal(using: &generator) / standardNormal(using: &generator))
    }
}

/// The half-normal distribution: |X| for X ~ N(0, σ²).
public struct HalfNormal: ContinuousDistribution, Hashable {
    /// σ > 0, the scale of the folded normal.
    public let sigma: Double

    /// The half-normal with scale σ > 0: density √(2/π)/σ · exp(−x²/2σ²) on x ≥ 0.
    public init(_ sigma: Double = 1) {
        require(sigma > 0, "HalfNormal: the scale σ must be positive, not \(sigma)")
        self.sigma = sigma
    }

    /// E[X] = σ√(2/π).
    public var mean: Double { sigma * (2 / Double.pi).squareRoot() }
    /// Var X = σ²(1 − 2/π).
    public var variance: Double { sigma * sigma * (1 - 2 / Double.pi) }
    public func logPDF(_ x: Double) -> Double {
        guard x >= 0 else { return -.infinity }
        let z = x / sigma
        return log(2) - 0.5 * z * z - log(sigma) - Normal.logSqrt2Pi
    }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : Special.erf(x / (sigma * 2.0.squareRoot())) }
    public func logSurvival(_ x: Double) -> Double { x <= 0 ? 0 : log(2) + Normal.standardLogCDF(-x / sigma) }
    /// σ √2 erf⁻¹(p).
    public func quantile(_ p: Double) -> Double { sigma * 2.0.squareRoot() * Special.erfinv(p) }
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        sigma * abs(standardNormal(using: &generator))
    }
}

/// The log-normal distribution: exp(X) for X ~ N(μ, σ²).
public struct LogNormal: ContinuousDistribution, Hashable {
    /// μ, the mean of log X.
    public let mu: Double
    /// σ > 0, the standard deviation of log X.
    public let sigma: Double

    /// LogNormal(μ, σ): density exp(−(ln x − μ)²/2σ²) / (xσ√(2π)) on x > 0.
    public init(_ mu: Double = 0, _ sigma: Double = 1) {
        require(sigma > 0, "LogNormal: σ (the standard deviation of log X) must be positive, not \(sigma)")
        self.mu = mu
        self.sigma = sigma
    }

    /// E[X] = e^{μ + σ²/2}.
    public var mean: Double { exp(mu + sigma * sigma / 2) }
    /// Var X = (e^{σ²} − 1) e^{2μ + σ²}.
    public var variance: Double { expm1(sigma * sigma) * exp(2 * mu + sigma * sigma) }
    public func logPDF(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        return Normal(mu, sigma).logPDF(log(x)) - log(x)
    }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : Normal(mu, sigma).cdf(log(x)) }
    public func logCDF(_ x: Double) -> Double { x <= 0 ? -.infinity : Normal(mu, sigma).logCDF(log(x)) }
    public func logSurvival(_ x: Double) -> Double { x <= 0 ? 0 : Normal(mu, sigma).logSurvival(log(x)) }
    public func quantile(_ p: Double) -> Double { exp(Normal(mu, sigma).quantile(p)) }
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        exp(mu + sigma * standardNormal(using: &generator))
    }
}

/// Student's t distribution with ν degrees of freedom, location μ and scale σ.
public struct StudentT: ContinuousDistribution, Hashable {
    /// ν > 0, the degrees of freedom.
    public let degreesOfFreedom: Double
    /// μ, the centre.
    public let location: Double
    /// σ > 0, the scale.
    public let scale: Double

    /// StudentT(ν, μ, σ): density Γ((ν+1)/2) / (Γ(ν/2)√(νπ)σ) · (1 + z²/ν)^{−(ν+1)/2}, z = (x − μ)/σ (SciPy's `t(ν, loc, scale)`).
    public init(_ degreesOfFreedom: Double, _ location: Double = 0, _ scale: Double = 1) {
        require(degreesOfFreedom > 0 && scale > 0, "StudentT: the degrees of freedom ν and the scale must be positive, not ν = \(degreesOfFreedom), scale = \(scale)")
        self.degreesOfFreedom = degreesOfFreedom
        self.location = location
        self.scale = scale
    }

    /// E[X] = μ for ν > 1, else undefined (NaN).
    public var mean: Double { degreesOfFreedom > 1 ? location : .nan }
    /// Var X = σ²ν/(ν − 2) for ν > 2, ∞ for 1 < ν ≤ 2, else undefined (NaN).
    public var variance: Double {
        let nu = degreesOfFreedom
        return nu > 2 ? scale * scale * nu / (nu - 2) : (nu > 1 ? .infinity : .nan)
    }

    public func logPDF(_ x: Double) -> Double {
        let nu = degreesOfFreedom, z = (x - location) / scale
        return Special.logGamma((nu + 1) / 2) - Special.logGamma(nu / 2) - 0.5 * log(nu * Double.pi) - log(scale)
            - (nu + 1) / 2 * log1p(z * z / nu)
    }

    /// P(T ≤ t) = 1 − I_{ν/(ν+t²)}(ν/2, 1/2)/2 for t > 0.
    public func cdf(_ x: Double) -> Double {
        let t = (x - location) / scale, nu = degreesOfFreedom
        let tail = 0.5 * Special.betaI(nu / 2, 0.5, nu / (nu + t * t))
        return t > 0 ? 1 - tail : tail
    }

    public func logCDF(_ x: Double) -> Double {
        let t = (x - location) / scale, nu = degreesOfFreedom
        if t > 0 { return log1p(-0.5 * Special.betaI(nu / 2, 0.5, nu / (nu + t * t))) }
        return log(0.5) + Special.logBetaI(nu / 2, 0.5, nu / (nu + t * t))
    }

    public func logSurvival(_ x: Double) -> Double {
        StudentT(degreesOfFreedom, -location, scale).logCDF(-x)
    }

    public func quantile(_ p: Double) -> Double {
        if p == 0.5 { return location }
        let nu = degreesOfFreedom
        let tail = min(p, 1 - p)
        let x = Special.inverseBetaI(nu / 2, 0.5, 2 * tail)
        let t = (nu * (1 - x) / x).squareRoot()
        return location + scale * (p < 0.5 ? -t : t)
    }

    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        let z = standardNormal(using: &generator)
        let chi2 = 2 * standardGamma(shape: degreesOfFreedom / 2, using: &generator)
        return location + scale * z / (chi2 / degreesOfFreedom).squareRoot()
    }
}
