import Foundation

/// The normal distribution N(μ, σ²): density exp(−(x−μ)²/2σ²) / (σ√(2π)).
public struct Normal: ContinuousDistribution, Hashable {
    /// μ, the mean.
    public let mu: Double
    /// σ > 0, the standard deviation.
    public let sigma: Double

    /// N(μ, σ²) from the mean μ and the standard deviation σ > 0 (SciPy's `norm(loc, scale)`).
    ///
    ///     let z = Normal(0, 1)
    ///     z.cdf(1.96)        // 0.975
    ///     z.quantile(0.975)  // 1.96
    ///     let draws = Normal(5, 2).sample(count: 1000, using: &rng)
    public init(_ mu: Double = 0, _ sigma: Double = 1) {
        require(sigma > 0, "Normal: the standard deviation σ must be positive, not \(sigma) (Normal(μ, σ) takes σ, not σ²)")
        self.mu = mu
        self.sigma = sigma
    }

    /// N(μ, σ²) with its arguments named.
    public init(mean: Double, standardDeviation: Double) { self.init(mean, standardDeviation) }

    /// log √(2π).
    public static let logSqrt2Pi = 0.918_938_533_204_672_7

    /// E[X] = μ.
    public var mean: Double { mu }
    /// Var X = σ².
    public var variance: Double { sigma * sigma }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - mu) / sigma
        return -0.5 * z * z - log(sigma) - Self.logSqrt2Pi
    }

    public func cdf(_ x: Double) -> Double { Self.standardCDF((x - mu) / sigma) }
    public func logCDF(_ x: Double) -> Double { Self.standardLogCDF((x - mu) / sigma) }
    public func logSurvival(_ x: Double) -> Double { Self.standardLogCDF((mu - x) / sigma) }
    public func quantile(_ p: Double) -> Double { mu + sigma * Self.standardQuantile(p) }

    /// The x with log P(X ≤ x) = logP: quantiles of probabilities too small for a Double.
    public func quantile(logP: Double) -> Double { mu + sigma * Self.standardQuantile(logP: logP) }

    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        mu + sigma * standardNormal(using: &generator)
    }

    @inlinable
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Double] {
        if G.self == LectureRandom.self { return LectureRandom.withGenerator { sample(count: count, using: &$0) } }
        let (x, f) = (Ziggurat.normal.x, Ziggurat.normal.f)
        let (mu, sigma) = (self.mu, self.sigma)
        return bulkArray(count: count) { buffer in
            for i in 0..<count { buffer[i] = mu + sigma * Ziggurat.standardNormal(&generator, x: x, f: f) }
        }
    }

    /// Φ(z) = erfc(−z/√2)/2.
    public static func standardCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// log Φ(z): through erfc while it is representable, then the asymptotic
    /// series log Φ(z) = −z²/2 − log(−z) − log √(2π) + log(1 − 1/z² + 3/z⁴ − …).
    public static func standardLogCDF(_ z: Double) -> Double {
        if z > 5 { return log1p(-0.5 * erfc(z / 2.0.squareRoot())) }
        if z > -37 { return log(0.5 * erfc(-z / 2.0.squareRoot())) }
        if z == -.infinity { return -.infinity }
        let z2 = z * z
        var term = 1.0, sum = 1.0
        for k in 1...12 {
            term *= -Double(2 * k - 1) / z2
            sum += term
        }
        return -0.5 * z2 - log(-z) - logSqrt2Pi + log(sum)
    }

    /// Φ⁻¹(p) to full double precision: a rational start (Abramowitz & Stegun
    /// 26.2.23), then Newton steps on log Φ, which keep their accuracy in the
    /// tails; the upper half by symmetry (1 − p is exact there).
    public static func standardQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5  // exact (Sterbenz)
        if abs(q) < 0.2 {
            // The centre: Newton on Φ(z) − ½ = erf(z/√2)/2, which keeps relative accuracy as z → 0.
            if q == 0 { return 0 }
            var z = q * (2 * Double.pi).squareRoot()
            for _ in 0..<6 {
                let f = 0.5 * erf(z / 2.0.squareRoot()) - q
                let step = f / exp(-0.5 * z * z - logSqrt2Pi)
                z -= step
                if abs(step) <= 1e-17 * abs(z) { break }
            }
            return z
        }
        if p > 0.5 { return -standardQuantile(logP: log1p(-p)) }
        return standardQuantile(logP: log(p))
    }

    /// Φ⁻¹(exp(logP)) for logP ≤ 0.
    public static func standardQuantile(logP: Double) -> Double {
        if logP.isNaN || logP > 0 { return .nan }
        if logP == -.infinity { return -.infinity }
        if logP == 0 { return .infinity }
        if logP > -0.693_147_180_559_945_3 {
            // Upper half: Φ⁻¹(p) = −Φ⁻¹(1 − p), with 1 − p = −expm1(logP).
            return -standardQuantile(logP: log(-expm1(logP)))
        }
        // p ≤ 1/2: start from A&S 26.2.23 (|error| < 4.5e-4).
        let t = (-2 * logP).squareRoot()
        var z = -(t - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t) / (1 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t))
        for _ in 0..<20 {
            let value = standardLogCDF(z)
            // d/dz log Φ(z) = φ(z)/Φ(z)
            let slope = exp(-0.5 * z * z - logSqrt2Pi - value)
            let step = (value - logP) / slope
            z -= step
            if abs(step) <= 1e-16 * max(1, abs(z)) { break }
        }
        return z
    }
}

extension Normal {
    /// The posterior of a normal mean μ after observing `data` ~ N(μ, σ²) with
    /// σ known, this being the prior on μ: precision adds,
    /// 1/τ₁² = 1/τ₀² + n/σ², and μ₁ = τ₁² (μ₀/τ₀² + Σx/σ²).
    public func updatedMean(observations data: [Double], knownSigma sigma: Double) -> Normal {
        require(sigma > 0, "updatedMean: the known σ must be positive, not \(sigma)")
        let precision = 1 / (self.sigma * self.sigma) + Double(data.count) / (sigma * sigma)
        let mean = (mu / (self.sigma * self.sigma) + data.reduce(0, +) / (sigma * sigma)) / precision
        return Normal(mean, (1 / precision).squareRoot())
    }
}
