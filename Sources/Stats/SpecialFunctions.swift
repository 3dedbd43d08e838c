import Foundation

/// Special functions. `logGamma`, `erf` and `erfc` come from the C library
/// (glibc, accurate to an ulp or two); the rest follow the published
/// algorithms named on each.
public enum Special {
    /// log Γ(x) for x > 0.
    @inlinable public static func logGamma(_ x: Double) -> Double { Foundation.lgamma(x) }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    @inlinable public static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// ψ(x) = d/dx log Γ(x): recurrence up to x ≥ 10, then the asymptotic
    /// series ψ(x) ~ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ); reflection for x < 0.
    public static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        if x <= 0 {
            if x == x.rounded(.down) { return .nan }
            // ψ(1 − x) − ψ(x) = π cot(πx)
            result -= Double.pi / tan(Double.pi * x)
            x = 1 - x
        }
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760 - f / 12))))))
        return result + log(x) - 0.5 / x - series
    }

    /// The error function (C library).
    @inlinable public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    /// The complementary error function 1 − erf(x) (C library), accurate in the tail.
    @inlinable public static func erfc(_ x: Double) -> Double { Foundation.erfc(x) }

    /// erf⁻¹(x) for −1 < x < 1: a normal quantile start, then Newton steps on
    /// erf (or on erfc near ±1, where 1 − |x| carries the information).
    public static func erfinv(_ x: Double) -> Double {
        if x <= -1 { return x == -1 ? -.infinity : .nan }
        if x >= 1 { return x == 1 ? .infinity : .nan }
        if x == 0 { return 0 }
        let a = abs(x)
        var y = -Normal.standardQuantile((1 - a) / 2) / 2.0.squareRoot()
        let twoOverSqrtPi = 2 / Double.pi.squareRoot()
        for _ in 0..<3 {
            let residual = a < 0.5 ? Foundation.erf(y) - a : (1 - a) - Foundation.erfc(y)
            let step: Double = residual / (twoOverSqrtPi * exp(-y * y))
            y -= step
            if abs(step) <= 1e-17 * abs(y) { break }
        }
        return x < 0 ? -y : y
    }

    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a):
    /// its series for x < a + 1, else 1 − Q(a, x) (Press et al., Numerical Recipes §6.2).
    public static func gammaP(_ a: Double, _ x: Double) -> Double {
        require(a > 0, "gammaP: a must be positive, not \(a)")
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x).
    public static func gammaQ(_ a: Double, _ x: Double) -> Double {
        require(a > 0, "gammaQ: a must be positive, not \(a)")
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    /// log P(a, x), finite far in the lower tail.
    public static func logGammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return -.infinity }
        if x < a + 1 { return logGammaSeries(a, x) }
        return log1p(-gammaContinuedFraction(a, x))
    }

    /// log Q(a, x), finite far in the upper tail.
    public static func logGammaQ(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x < a + 1 { return log1p(-gammaSeries(a, x)) }
        return logGammaContinuedFraction(a, x)
    }

    static func logGammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a, term = 1 / a, sum = term
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return log(sum) - x + a * log(x) - logGamma(a)
    }

    static func gammaSeries(_ a: Double, _ x: Double) -> Double { exp(logGammaSeries(a, x)) }

    /// log Q(a, x) by the Legendre continued fraction, evaluated with the modified Lentz method.
    static func logGammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return log(h) - x + a * log(x) - logGamma(a)
    }

    static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double { exp(logGammaContinuedFraction(a, x)) }

    /// The inverse of P(a, ·): the x with P(a, x) = p (Newton with a bracket,
    /// started from the Wilson–Hilferty approximation).
    public static func inverseGammaP(_ a: Double, _ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return .infinity }
        // Wilson–Hilferty start for a chi-square with 2a degrees of freedom, halved.
        let z = Normal.standardQuantile(p)
        let t = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
        var x = t > 0 ? a * t * t * t : a * pow(p * a * exp(logGamma(a)), 1 / a)
        if !(x > 0) || !x.isFinite { x = a }
        var low = 0.0, high = Double.infinity
        let usesUpper = p > 0.9
        let target = usesUpper ? log1p(-p) : log(p)
        for _ in 0..<200 {
            let value = usesUpper ? logGammaQ(a, x) : logGammaP(a, x)
            let f = value - target
            if f == 0 { return x }
            // Which side of the root x is on: P grows with x, Q falls.
            if (f < 0) != usesUpper { low = x } else { high = x }
            let logDensity = (a - 1) * log(x) - x - logGamma(a)
            let derivative = (usesUpper ? -1.0 : 1.0) * exp(logDensity - value)
            var next = x - f / derivative
            if !(next > low && next < high) || !next.isFinite {
                next = high.isFinite ? (low + high) / 2 : max(2 * x, x + 1)
            }
            if abs(next - x) <= 1e-15 * x { return next }
            x = next
        }
        return x
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued
    /// fraction (modified Lentz), with I_x(a, b) = 1 − I_{1−x}(b, a) past the mean.
    public static func betaI(_ a: Double, _ b: Double, _ x: Double) -> Double {
        require(a > 0 && b > 0, "betaI: a and b must be positive, not \(a), \(b)")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x < (a + 1) / (a + b + 2) {
            return exp(logBetaFront(a, b, x)) * betaContinuedFraction(a, b, x) / a
        }
        return 1 - exp(logBetaFront(b, a, 1 - x)) * betaContinuedFraction(b, a, 1 - x) / b
    }

    /// log I_x(a, b), finite far in the lower tail.
    public static func logBetaI(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x <= 0 { return -.infinity }
        if x >= 1 { return 0 }
        if x < (a + 1) / (a + b + 2) {
            return logBetaFront(a, b, x) + log(betaContinuedFraction(a, b, x) / a)
        }
        return log1p(-exp(logBetaFront(b, a, 1 - x)) * betaContinuedFraction(b, a, 1 - x) / b)
    }

    static func logBetaFront(_ a: Double, _ b: Double, _ x: Double) -> Double {
        a * log(x) + b * log1p(-x) - logBeta(a, b)
    }

    static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1..<10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// The inverse of I_·(a, b): the x with I_x(a, b) = p (safeguarded Newton on [0, 1]).
    public static func inverseBetaI(_ a: Double, _ b: Double, _ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0, high = 1.0
        // Start: the mean, nudged by a normal approximation.
        let mean = a / (a + b), sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        var x = min(max(mean + sd * Normal.standardQuantile(p), 1e-12), 1 - 1e-12)
        let usesUpper = p > 0.5
        let target = usesUpper ? log1p(-p) : log(p)
        for _ in 0..<300 {
            let value = usesUpper ? logBetaI(b, a, 1 - x) : logBetaI(a, b, x)
            let f = value - target
            if f == 0 { return x }
            if (f < 0) != usesUpper { low = x } else { high = x }
            let logDensity = (a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta(a, b)
            let derivative = (usesUpper ? -1.0 : 1.0) * exp(logDensity - value)
            var next = x - f / derivative
            if !(next > low && next < high) || !next.isFinite { next = (low + high) / 2 }
            if abs(next - x) <= 4e-16 * max(x, 1e-300) { return next }
            x = next
        }
        return x
    }
}
