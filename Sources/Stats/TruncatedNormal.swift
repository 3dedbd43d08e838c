import Foundation

/// A normal N(μ, σ²) truncated to [lower, upper] (either side may be
/// infinite): density φ((x−μ)/σ) / (σ Z) with Z = Φ(β) − Φ(α). Z is computed
/// once, in logs and on the side of the mean where it does not cancel, so a
/// window 10σ or 40σ from the mean still has finite, accurate densities.
public struct TruncatedNormal: ContinuousDistribution, Hashable {
    /// μ of the untruncated normal.
    public let mu: Double
    /// σ > 0 of the untruncated normal.
    public let sigma: Double
    /// The lower end (−∞ for none).
    public let lower: Double
    /// The upper end (∞ for none).
    public let upper: Double
    /// log Z.
    public let logNormaliser: Double
    let alpha: Double, beta: Double

    /// N(μ, σ²) truncated to [lower, upper], lower < upper.
    public init(_ mu: Double, _ sigma: Double, lower: Double = -.infinity, upper: Double = .infinity) {
        require(sigma > 0, "TruncatedNormal: the standard deviation σ must be positive, not \(sigma)")
        require(upper > lower, "TruncatedNormal: upper must be above lower, not \(upper) with lower \(lower)")
        self.mu = mu
        self.sigma = sigma
        self.lower = lower
        self.upper = upper
        alpha = (lower - mu) / sigma
        beta = (upper - mu) / sigma
        logNormaliser = Self.logMass(alpha, beta)
    }

    /// log(Φ(β) − Φ(α)), on the tail side where it keeps its digits. A window
    /// narrow against σ (`isNarrowWindow`) uses ∫φ = w φ(m) (1 + w²(m² − 1)/24
    /// + O(w⁴)), where the difference of two Φ near ½ would lose every digit.
    public static func logMass(_ alpha: Double, _ beta: Double) -> Double {
        if isNarrowWindow(alpha, beta) {
            let w = beta - alpha, m = 0.5 * (alpha + beta)
            return log(w) - 0.5 * m * m - Normal.logSqrt2Pi + log1p(w * w * (m * m - 1) / 24)
        }
        if alpha > 0 {
            // Both in the upper tail: Φ(−α) − Φ(−β).
            return logDiffExp(Normal.standardLogCDF(-alpha), Normal.standardLogCDF(-beta))
        }
        return logDiffExp(Normal.standardLogCDF(beta), Normal.standardLogCDF(alpha))
    }

    /// Whether [α, β] is so narrow (w·max(1, |m|) < 10⁻⁴, w = β − α, m the
    /// midpoint) that Φ(β) − Φ(α) must come from its expansion in w.
    public static func isNarrowWindow(_ alpha: Double, _ beta: Double) -> Bool {
        let w = beta - alpha
        return w.isFinite && w * max(1, abs(0.5 * (alpha + beta))) < 1e-4
    }

    /// E[X] = μ + σ(φ(α) − φ(β))/Z, α = (L − μ)/σ, β = (U − μ)/σ.
    public var mean: Double {
        // μ + σ (φ(α) − φ(β)) / Z
        mu + sigma * (exp(logPhi(alpha) - logNormaliser) - exp(logPhi(beta) - logNormaliser))
    }

    public var variance: Double {
        let pa = exp(logPhi(alpha) - logNormaliser), pb = exp(logPhi(beta) - logNormaliser)
        let ta = alpha.isFinite ? alpha * pa : 0, tb = beta.isFinite ? beta * pb : 0
        let d = pa - pb
        return sigma * sigma * (1 + ta - tb - d * d)
    }

    private func logPhi(_ z: Double) -> Double { z.isInfinite ? -.infinity : -0.5 * z * z - Normal.logSqrt2Pi }

    public func logPDF(_ x: Double) -> Double {
        guard x >= lower, x <= upper else { return -.infinity }
        let z = (x - mu) / sigma
        return -0.5 * z * z - Normal.logSqrt2Pi - log(sigma) - logNormaliser
    }

    public func logCDF(_ x: Double) -> Double {
        if x <= lower { return -.infinity }
        if x >= upper { return 0 }
        return Self.logMass(alpha, (x - mu) / sigma) - logNormaliser
    }

    public func logSurvival(_ x: Double) -> Double {
        if x <= lower { return 0 }
        if x >= upper { return -.infinity }
        return Self.logMass((x - mu) / sigma, beta) - logNormaliser
    }

    public func cdf(_ x: Double) -> Double { exp(logCDF(x)) }

    /// By inversion in logs: on the lower side log Φ(z) = logSumExp(log Φ(α), log p + log Z),
    /// on the upper side the same with survival functions.
    public func quantile(_ p: Double) -> Double {
        if p <= 0 { return lower }
        if p >= 1 { return upper }
        let z: Double
        if alpha > 0 {
            // Upper tail: log Φ(−z) = log(Φ(−α) − p Z)
            let target = logDiffExp(Normal.standardLogCDF(-alpha), log(p) + logNormaliser)
            z = -Normal.standardQuantile(logP: target)
        } else {
            let target = logSumExp(Normal.standardLogCDF(alpha), log(p) + logNormaliser)
            z = Normal.standardQuantile(logP: min(0, target))
        }
        return min(upper, max(lower, mu + sigma * z))
    }

    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        // Plain rejection when the window holds most of the mass; inversion otherwise.
        if logNormaliser > -0.7 {
            while true {
                let x = mu + sigma * standardNormal(using: &generator)
                if x >= lower && x <= upper { return x }
            }
        }
        return quantile(uniformOpen(&generator))
    }
}
