import Foundation

/// The categorical distribution on 0..<K with probabilities pₖ (normalised).
/// Draws use Walker's alias table (Vose's construction): O(1) a draw.
public struct Categorical: DiscreteDistribution, Hashable {
    /// p₀ … p_{K−1}, normalised to sum to 1.
    public let probabilities: [Double]
    @usableFromInline let threshold: [Double]
    @usableFromInline let alias: [Int]

    /// The categorical distribution with probabilities proportional to `weights` (non-negative, not all zero).
    public init(_ weights: [Double]) {
        require(!weights.isEmpty && weights.allSatisfy { $0 >= 0 }, "Categorical needs at least one weight, all ≥ 0, not \(weights)")
        let total = weights.reduce(0, +)
        require(total > 0, "Categorical: at least one weight must be positive; all \(weights.count) are 0")
        let p = weights.map { $0 / total }
        probabilities = p
        let k = p.count
        var scaled = p.map { $0 * Double(k) }
        var threshold = [Double](repeating: 1, count: k), alias = Array(0..<k)
        var small = [Int](), large = [Int]()
        for i in 0..<k { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.popLast() {
            threshold[s] = scaled[s]
            alias[s] = l
            scaled[l] = scaled[l] + scaled[s] - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        self.threshold = threshold
        self.alias = alias
    }

    /// E[X] = Σ k pₖ.
    public var mean: Double { probabilities.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element } }
    /// Var X = Σ (k − E[X])² pₖ.
    public var variance: Double {
        let m = mean
        return probabilities.enumerated().reduce(0) { $0 + (Double($1.offset) - m) * (Double($1.offset) - m) * $1.element }
    }
    public func logPMF(_ k: Int) -> Double { k >= 0 && k < probabilities.count ? log(probabilities[k]) : -.infinity }
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : probabilities.prefix(k + 1).reduce(0, +) }

    /// One category k with probability pₖ, from the alias table in O(1).
    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        let u = uniform(&generator) * Double(threshold.count)
        let i = min(Int(u), threshold.count - 1)
        return u - Double(i) < threshold[i] ? i : alias[i]
    }
}

/// The multinomial distribution: counts of n draws from a categorical.
public struct Multinomial: Sendable, Hashable {
    /// The number of draws.
    public let n: Int
    /// The categories' probabilities, normalised.
    public let probabilities: [Double]

    /// Multinomial(n, p): counts of `n` draws from categories with `probabilities` (normalised).
    public init(_ n: Int, _ probabilities: [Double]) {
        require(n >= 0, "Multinomial: the number of draws n must be ≥ 0, not \(n)")
        let total = probabilities.reduce(0, +)
        self.n = n
        self.probabilities = probabilities.map { $0 / total }
    }

    /// E[Nₖ] = n pₖ for each category.
    public var mean: [Double] { probabilities.map { Double(n) * $0 } }

    /// log P(N = counts) = log n! − Σ log nₖ! + Σ nₖ log pₖ (−∞ unless the counts sum to n).
    public func logPMF(_ counts: [Int]) -> Double {
        guard counts.count == probabilities.count, counts.reduce(0, +) == n, counts.allSatisfy({ $0 >= 0 }) else { return -.infinity }
        var value = Special.logGamma(Double(n) + 1)
        for (k, p) in zip(counts, probabilities) {
            value -= Special.logGamma(Double(k) + 1)
            if k > 0 { value += Double(k) * log(p) }
        }
        return value
    }

    /// Counts by successive binomials.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Int] {
        var left = n, mass = 1.0
        var counts = [Int](repeating: 0, count: probabilities.count)
        for (i, p) in probabilities.enumerated() {
            if left == 0 { break }
            if i == probabilities.count - 1 { counts[i] = left; break }
            let k = Binomial(left, min(1, max(0, p / mass))).sample(using: &generator)
            counts[i] = k
            left -= k
            mass -= p
        }
        return counts
    }

    /// One draw of counts from the lecture's generator.
    public func sample() -> [Int] { LectureRandom.withGenerator { sample(using: &$0) } }
}

/// The Dirichlet distribution on the simplex: density ∝ Π xₖ^(αₖ−1).
public struct Dirichlet: Sendable, Hashable {
    /// α₁ … α_K > 0, the concentrations.
    public let alpha: [Double]

    /// Dirichlet(α) on the simplex, every αₖ positive.
    ///
    ///     let prior = Dirichlet([1, 1, 1])      // uniform on the triangle
    ///     let draws = prior.sample(count: 1000)
    public init(_ alpha: [Double]) {
        require(alpha.count >= 2 && alpha.allSatisfy { $0 > 0 }, "Dirichlet needs at least two concentrations α, all positive, not \(alpha)")
        self.alpha = alpha
    }

    /// E[Xₖ] = αₖ / Σα.
    public var mean: [Double] {
        let total = alpha.reduce(0, +)
        return alpha.map { $0 / total }
    }

    /// Var[xₖ] = αₖ(α₀ − αₖ) / (α₀²(α₀ + 1)).
    public var variance: [Double] {
        let a0 = alpha.reduce(0, +)
        return alpha.map { $0 * (a0 - $0) / (a0 * a0 * (a0 + 1)) }
    }

    /// log density Σ (αₖ − 1) log xₖ − log B(α), with B(α) = Π Γ(αₖ) / Γ(Σα).
    public func logPDF(_ x: [Double]) -> Double {
        guard x.count == alpha.count, x.allSatisfy({ $0 > 0 }), abs(x.reduce(0, +) - 1) < 1e-9 else { return -.infinity }
        let a0 = alpha.reduce(0, +)
        var value = Special.logGamma(a0)
        for (a, xi) in zip(alpha, x) {
            let term: Double = (a - 1) * log(xi) - Special.logGamma(a)
            value += term
        }
        return value
    }

    /// Normalised gamma draws, in logs so that small αs do not underflow.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        let logs = alpha.map { logStandardGamma(shape: $0, using: &generator) }
        let total = logSumExp(logs)
        return logs.map { exp($0 - total) }
    }

    /// `count` draws from the lecture's generator, each a point of the simplex.
    public func sample(count: Int) -> [[Double]] {
        LectureRandom.withGenerator { g in (0..<count).map { _ in sample(using: &g) } }
    }

    /// The posterior after observing category `counts` with this prior: Dirichlet(α + counts).
    public func updated(counts: [Int]) -> Dirichlet {
        require(counts.count == alpha.count, "Dirichlet.updated needs one count per category: \(counts.count) counts for \(alpha.count) categories")
        return Dirichlet(zip(alpha, counts).map { $0 + Double($1) })
    }
}
