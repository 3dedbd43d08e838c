import Foundation

/// A probability distribution on the real line. Implementations give what
/// applies; the defaults derive one function from another.
public protocol ContinuousDistribution: Sendable {
    /// log density at x (−∞ outside the support).
    func logPDF(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// x with P(X ≤ x) = p.
    func quantile(_ p: Double) -> Double
    /// E[X].
    var mean: Double { get }
    /// Var X = E[(X − E[X])²].
    var variance: Double { get }
    /// One draw.
    func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double

    // Defaulted; override for accuracy.
    /// The density at x: exp(logPDF(x)) unless the distribution gives a more accurate one.
    func pdf(_ x: Double) -> Double
    /// log P(X ≤ x), finite far in the lower tail where the distribution allows.
    func logCDF(_ x: Double) -> Double
    /// log P(X > x), finite far in the upper tail where the distribution allows.
    func logSurvival(_ x: Double) -> Double
    /// `count` draws: the fast path.
    func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Double]
}

extension ContinuousDistribution {
    /// exp(logPDF(x)).
    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
    public func logCDF(_ x: Double) -> Double { log(cdf(x)) }
    public func logSurvival(_ x: Double) -> Double { log1p(-cdf(x)) }
    /// √Var X.
    public var standardDeviation: Double { variance.squareRoot() }

    @inlinable
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Double] {
        if G.self == LectureRandom.self { return LectureRandom.withGenerator { sample(count: count, using: &$0) } }
        return bulkArray(count: count) { buffer in
            for i in 0..<count { buffer[i] = sample(using: &generator) }
        }
    }

    /// One draw from the lecture's generator.
    @inlinable
    public func sample() -> Double {
        LectureRandom.withGenerator { sample(using: &$0) }
    }

    /// `count` draws from the lecture's generator (inlinable, so the draw
    /// loop is specialised for the shared stream's generator).
    @inlinable
    public func sample(count: Int) -> [Double] {
        LectureRandom.withGenerator { sample(count: count, using: &$0) }
    }
}

/// A probability distribution on the integers.
public protocol DiscreteDistribution: Sendable {
    /// log P(X = k).
    func logPMF(_ k: Int) -> Double
    /// P(X ≤ k).
    func cdf(_ k: Int) -> Double
    /// E[X].
    var mean: Double { get }
    /// Var X.
    var variance: Double { get }
    /// One draw from `generator`.
    func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int
}

extension DiscreteDistribution {
    /// P(X = k).
    public func pmf(_ k: Int) -> Double { exp(logPMF(k)) }
    /// √Var X.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The smallest k with P(X ≤ k) ≥ p (by search from the mean).
    public func quantile(_ p: Double) -> Int {
        require(p >= 0 && p <= 1, "quantile: the probability p must be in [0, 1], not \(p)")
        var k = max(0, Int(mean.rounded(.down)))
        if cdf(k) >= p {
            while k > 0, cdf(k - 1) >= p { k -= 1 }
        } else {
            while cdf(k) < p { k += 1 }
        }
        return k
    }

    /// `count` draws from `generator`.
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Int] {
        if G.self == LectureRandom.self { return LectureRandom.withGenerator { sample(count: count, using: &$0) } }
        return (0..<count).map { _ in sample(using: &generator) }
    }

    /// One draw from the lecture's generator.
    public func sample() -> Int { LectureRandom.withGenerator { sample(using: &$0) } }
    /// `count` draws from the lecture's generator.
    ///
    ///     let rolls = Binomial(10, 0.3).sample(count: 1000)
    public func sample(count: Int) -> [Int] { LectureRandom.withGenerator { sample(count: count, using: &$0) } }
}

