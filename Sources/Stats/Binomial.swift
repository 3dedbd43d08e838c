import Foundation

/// The Bernoulli distribution: 1 with probability p, else 0.
public struct Bernoulli: DiscreteDistribution, Hashable {
    /// p ∈ [0, 1], the probability of 1.
    public let p: Double

    /// Bernoulli(p) for p ∈ [0, 1].
    public init(_ p: Double) {
        require(p >= 0 && p <= 1, "Bernoulli: p must be a probability in [0, 1], not \(p)")
        self.p = p
    }

    /// E[X] = p.
    public var mean: Double { p }
    /// Var X = p(1 − p).
    public var variance: Double { p * (1 - p) }
    public func logPMF(_ k: Int) -> Double { k == 1 ? log(p) : (k == 0 ? log1p(-p) : -.infinity) }
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : (k >= 1 ? 1 : 1 - p) }
    /// 1 with probability p, else 0.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int { uniform(&generator) < p ? 1 : 0 }
}

/// The binomial distribution: successes in n independent trials of probability p.
public struct Binomial: DiscreteDistribution, Hashable {
    /// n ≥ 0, the number of trials.
    public let n: Int
    /// p ∈ [0, 1], each trial's probability of success.
    public let p: Double

    /// Binomial(n, p): P(X = k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ.
    ///
    ///     Binomial(52, 0.5).cdf(20)   // P(at most 20 heads in 52 tosses)
    public init(_ n: Int, _ p: Double) {
        require(n >= 0 && p >= 0 && p <= 1, "Binomial needs n ≥ 0 trials and p in [0, 1], not n = \(n), p = \(p)")
        self.n = n
        self.p = p
    }

    /// E[X] = np.
    public var mean: Double { Double(n) * p }
    /// Var X = np(1 − p).
    public var variance: Double { Double(n) * p * (1 - p) }

    public func logPMF(_ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        if p == 0 { return k == 0 ? 0 : -.infinity }
        if p == 1 { return k == n ? 0 : -.infinity }
        let (n, k) = (Double(n), Double(k))
        return Special.logGamma(n + 1) - Special.logGamma(k + 1) - Special.logGamma(n - k + 1) + k * log(p) + (n - k) * log1p(-p)
    }

    /// P(X ≤ k) = I_{1−p}(n − k, k + 1).
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p == 0 { return 1 }
        if p == 1 { return 0 }
        return Special.betaI(Double(n - k), Double(k + 1), 1 - p)
    }

    /// Inversion for small n·p; for large n, Knuth's recursion on beta-distributed
    /// order statistics (TAOCP vol. 2, §3.4.1), which is exact and takes O(log n) betas.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        var n = self.n, p = self.p, k = 0
        while n > 64 {
            let a = 1 + n / 2, b = n + 1 - a
            let x = Beta(Double(a), Double(b)).sample(using: &generator)
            if x >= p {
                n = a - 1
                p /= x
            } else {
                k += a
                n = b - 1
                p = (p - x) / (1 - x)
            }
        }
        return k + Self.inversion(n: n, p: p, using: &generator)
    }

    static func inversion<G: RandomNumberGenerator>(n: Int, p: Double, using generator: inout G) -> Int {
        if p <= 0 || n == 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - inversion(n: n, p: 1 - p, using: &generator) }
        let q = 1 - p, s = p / q, a = Double(n + 1) * s
        while true {
            var r = pow(q, Double(n))
            var u = uniform(&generator)
            var x = 0
            while u > r {
                u -= r
                x += 1
                if x > n { break }
                r *= a / Double(x) - s
            }
            if x <= n { return x }
        }
    }
}

/// The Poisson distribution with mean λ.
public struct Poisson: DiscreteDistribution, Hashable {
    /// λ > 0, the mean count.
    public let lambda: Double

    /// Poisson(λ): P(X = k) = λᵏ e^−λ / k!.
    public init(_ lambda: Double) {
        require(lambda > 0, "Poisson: the mean λ must be positive, not \(lambda)")
        self.lambda = lambda
    }

    /// E[X] = λ.
    public var mean: Double { lambda }
    /// Var X = λ.
    public var variance: Double { lambda }

    public func logPMF(_ k: Int) -> Double {
        k < 0 ? -.infinity : Double(k) * log(lambda) - lambda - Special.logGamma(Double(k) + 1)
    }

    /// P(X ≤ k) = Q(k + 1, λ).
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : Special.gammaQ(Double(k) + 1, lambda) }

    /// Inversion for λ < 10; Hörmann's transformed rejection (PTRS, Insurance:
    /// Mathematics and Economics 12 (1993)) above.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        if lambda < 10 {
            var k = 0
            var p = exp(-lambda), s = p
            let u = uniform(&generator)
            while u > s {
                k += 1
                p *= lambda / Double(k)
                s += p
                if k > 1000 { break }
            }
            return k
        }
        let slam = lambda.squareRoot(), loglam = log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform(&generator) - 0.5
            let v = uniform(&generator)
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - Special.logGamma(k + 1) {
                return Int(k)
            }
        }
    }
}
