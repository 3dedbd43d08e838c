import Foundation

/// Ziggurat samplers for the standard normal and the standard exponential
/// (Marsaglia & Tsang, "The ziggurat method for generating random variables",
/// J. Stat. Softw. 5 (2000)), 256 layers. The layer tables are computed once
/// from the layer area V and the base width R.
@usableFromInline
final class Ziggurat: @unchecked Sendable {
    // Immutable after init and never freed (two static tables): safe to share.
    /// x[0] = V / f(R) (the base strip's pseudo-width), x[1] = R, …, x[256] = 0.
    @usableFromInline let x: UnsafeMutablePointer<Double>
    /// f(x[i]).
    @usableFromInline let f: UnsafeMutablePointer<Double>

    init(r: Double, v: Double, density: (Double) -> Double, inverse: (Double) -> Double) {
        x = .allocate(capacity: 257)
        f = .allocate(capacity: 257)
        x[0] = v / density(r)
        x[1] = r
        for i in 1..<255 {
            x[i + 1] = inverse(v / x[i] + density(x[i]))
        }
        x[256] = 0
        for i in 0...256 { f[i] = density(x[i]) }
    }

    @usableFromInline static let normal = Ziggurat(
        r: 3.654_152_885_361_008_8, v: 0.004_928_673_233_99,
        density: { exp(-0.5 * $0 * $0) }, inverse: { (-2 * log($0)).squareRoot() })

    @usableFromInline static let exponential = Ziggurat(
        r: 7.697_117_470_131_049_7, v: 0.003_949_659_822_581_557_2,
        density: { exp(-$0) }, inverse: { -log($0) })
}

extension Ziggurat {
    /// A standard normal draw, reading the tables as raw pointers (no
    /// reference counting in a hot loop).
    @inlinable @inline(__always)
    static func standardNormal<G: RandomNumberGenerator>(_ g: inout G, x table: UnsafeMutablePointer<Double>, f fTable: UnsafeMutablePointer<Double>) -> Double {
        while true {
            let bits = g.next()
            let i = Int(bits & 0xff)
            // 53 bits of the rest, as a uniform in (−1, 1).
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            let x = u * table[i]
            if abs(x) < table[i + 1] { return x }
            if i == 0 {
                // The tail beyond R (Marsaglia 1964).
                let r = table[1]
                var tx = 0.0, ty = 0.0
                repeat {
                    tx = -log(uniformOpen(&g)) / r
                    ty = -log(uniformOpen(&g))
                } while 2 * ty < tx * tx
                return u < 0 ? -(r + tx) : r + tx
            }
            let y = fTable[i] + uniform(&g) * (fTable[i + 1] - fTable[i])
            if y < exp(-0.5 * x * x) { return x }
        }
    }

    /// A standard exponential draw, reading the tables as raw pointers.
    @inlinable @inline(__always)
    static func standardExponential<G: RandomNumberGenerator>(_ g: inout G, x table: UnsafeMutablePointer<Double>, f fTable: UnsafeMutablePointer<Double>) -> Double {
        while true {
            let bits = g.next()
            let i = Int(bits & 0xff)
            let u = Double(bits >> 11) * 0x1.0p-53
            let x = u * table[i]
            if x < table[i + 1] { return x }
            if i == 0 { return table[1] - log(uniformOpen(&g)) }
            let y = fTable[i] + uniform(&g) * (fTable[i + 1] - fTable[i])
            if y < exp(-x) { return x }
        }
    }
}

/// A uniform double in [0, 1).
@inlinable @inline(__always)
public func uniform<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    Double(g.next() >> 11) * 0x1.0p-53
}

/// A uniform double in (0, 1): safe to take the log of.
@inlinable @inline(__always)
public func uniformOpen<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    (Double(g.next() >> 12) + 0.5) * 0x1.0p-52
}

/// A standard normal draw (ziggurat).
@inlinable public func standardNormal<G: RandomNumberGenerator>(using g: inout G) -> Double {
    Ziggurat.standardNormal(&g, x: Ziggurat.normal.x, f: Ziggurat.normal.f)
}

/// A standard exponential draw (ziggurat).
@inlinable public func standardExponential<G: RandomNumberGenerator>(using g: inout G) -> Double {
    Ziggurat.standardExponential(&g, x: Ziggurat.exponential.x, f: Ziggurat.exponential.f)
}

/// A Gamma(shape, 1) draw by Marsaglia & Tsang, "A simple method for
/// generating gamma variables", ACM TOMS 26 (2000); shape < 1 by
/// Gamma(shape + 1) · U^(1/shape).
@inlinable public func standardGamma<G: RandomNumberGenerator>(shape: Double, using g: inout G) -> Double {
    if shape < 1 {
        return standardGamma(shape: shape + 1, using: &g) * exp(log(uniformOpen(&g)) / shape)
    }
    let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
    let (tx, tf) = (Ziggurat.normal.x, Ziggurat.normal.f)
    while true {
        var x = 0.0, v = 0.0
        repeat {
            x = Ziggurat.standardNormal(&g, x: tx, f: tf)
            v = 1 + c * x
        } while v <= 0
        v = v * v * v
        let u = uniform(&g)
        let x2 = x * x
        if u < 1 - 0.0331 * x2 * x2 { return d * v }
        if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
    }
}

/// log of a Gamma(shape, 1) draw, accurate for tiny shapes where the draw
/// itself underflows (used for Beta and Dirichlet with small parameters).
@inlinable public func logStandardGamma<G: RandomNumberGenerator>(shape: Double, using g: inout G) -> Double {
    if shape < 1 {
        return log(standardGamma(shape: shape + 1, using: &g)) + log(uniformOpen(&g)) / shape
    }
    return log(standardGamma(shape: shape, using: &g))
}
