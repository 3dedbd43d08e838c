import Foundation
import Stats

/// A real number inside a model: its value, and where it sits on the model's
/// `Tape` so that the log density's gradient can be taken by reverse-mode
/// differentiation. Plain `Double`s mix in freely and count as constants.
public struct Real: CustomStringConvertible {
    /// The number itself.
    public let value: Double
    let tape: Tape?
    let index: Int

    /// A constant.
    public init(_ value: Double) {
        self.value = value
        tape = nil
        index = -1
    }

    init(value: Double, tape: Tape, index: Int) {
        self.value = value
        self.tape = tape
        self.index = index
    }

    public var description: String { "\(value)" }

    /// f(self) with f′(self) = `derivative`.
    @inline(__always) func unary(_ result: Double, _ derivative: Double) -> Real {
        guard let tape else { return Real(result) }
        let out = tape.scalar(result)
        tape.record(.unary(out: out, a: index, da: derivative))
        return Real(value: result, tape: tape, index: out)
    }

    /// f(a, b) with partials ∂f/∂a, ∂f/∂b.
    @inline(__always) static func binary(_ a: Real, _ b: Real, _ result: Double, _ da: Double, _ db: Double) -> Real {
        switch (a.tape, b.tape) {
        case (nil, nil): return Real(result)
        case (nil, .some): return b.unary(result, db)
        case (.some, nil): return a.unary(result, da)
        case let (.some(tape), .some):
            let out = tape.scalar(result)
            tape.record(.binary(out: out, a: a.index, da: da, b: b.index, db: db))
            return Real(value: result, tape: tape, index: out)
        }
    }
}

// MARK: Arithmetic

extension Real {
    /// a + b, with ∂/∂a = ∂/∂b = 1.
    public static func + (a: Real, b: Real) -> Real { binary(a, b, a.value + b.value, 1, 1) }
    /// a − b, with ∂/∂a = 1, ∂/∂b = −1.
    public static func - (a: Real, b: Real) -> Real { binary(a, b, a.value - b.value, 1, -1) }
    /// a·b, with ∂/∂a = b, ∂/∂b = a.
    public static func * (a: Real, b: Real) -> Real { binary(a, b, a.value * b.value, b.value, a.value) }
    /// a / b, with ∂/∂a = 1/b, ∂/∂b = −a/b².
    public static func / (a: Real, b: Real) -> Real {
        let q = a.value / b.value
        return binary(a, b, q, 1 / b.value, -q / b.value)
    }
    /// −a.
    public static prefix func - (a: Real) -> Real { a.unary(-a.value, -1) }

    /// a + c for a constant c.
    public static func + (a: Real, b: Double) -> Real { a.unary(a.value + b, 1) }
    /// c + a for a constant c.
    public static func + (a: Double, b: Real) -> Real { b.unary(a + b.value, 1) }
    /// a − c for a constant c.
    public static func - (a: Real, b: Double) -> Real { a.unary(a.value - b, 1) }
    /// c − a for a constant c.
    public static func - (a: Double, b: Real) -> Real { b.unary(a - b.value, -1) }
    /// a·c for a constant c.
    public static func * (a: Real, b: Double) -> Real { a.unary(a.value * b, b) }
    /// c·a for a constant c.
    public static func * (a: Double, b: Real) -> Real { b.unary(a * b.value, a) }
    /// a / c for a constant c.
    public static func / (a: Real, b: Double) -> Real { a.unary(a.value / b, 1 / b) }
    /// c / a for a constant c, with ∂/∂a = −c/a².
    public static func / (a: Double, b: Real) -> Real {
        let q = a / b.value
        return b.unary(q, -q / b.value)
    }

    /// a ← a + b.
    public static func += (a: inout Real, b: Real) { a = a + b }
    /// a ← a + c for a constant c.
    public static func += (a: inout Real, b: Double) { a = a + b }
    /// a ← a − b.
    public static func -= (a: inout Real, b: Real) { a = a - b }
    /// a ← a·b.
    public static func *= (a: inout Real, b: Real) { a = a * b }
}

// MARK: Functions

/// eˣ inside a model, with derivative eˣ.
public func exp(_ x: Real) -> Real {
    let e = Foundation.exp(x.value)
    return x.unary(e, e)
}

/// ln x inside a model, with derivative 1/x.
public func log(_ x: Real) -> Real { x.unary(Foundation.log(x.value), 1 / x.value) }

/// ln(1 + x) inside a model, accurate for small x, with derivative 1/(1 + x).
public func log1p(_ x: Real) -> Real { x.unary(Foundation.log1p(x.value), 1 / (1 + x.value)) }

/// eˣ − 1 inside a model, accurate for small x, with derivative eˣ.
public func expm1(_ x: Real) -> Real { x.unary(Foundation.expm1(x.value), Foundation.exp(x.value)) }

/// √x inside a model, with derivative 1/(2√x).
public func sqrt(_ x: Real) -> Real {
    let r = x.value.squareRoot()
    return x.unary(r, 0.5 / r)
}

/// xᵖ inside a model for a constant p, with derivative p·xᵖ⁻¹.
public func pow(_ x: Real, _ p: Double) -> Real {
    x.unary(Foundation.pow(x.value, p), p * Foundation.pow(x.value, p - 1))
}

/// |x| inside a model, with derivative sign(x).
public func abs(_ x: Real) -> Real { x.unary(Swift.abs(x.value), x.value >= 0 ? 1 : -1) }

/// tanh x.
public func tanh(_ x: Real) -> Real {
    let t = Foundation.tanh(x.value)
    return x.unary(t, 1 - t * t)
}

/// 1 / (1 + e^(−x)) without overflow on either side.
private func logistic(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
}

/// The logistic function 1 / (1 + e^(−x)).
public func sigmoid(_ x: Real) -> Real {
    let s = logistic(x.value)
    return x.unary(s, s * (1 - s))
}

/// log(1 + eˣ), without overflow; its derivative is the logistic function.
public func log1pExp(_ x: Real) -> Real { x.unary(Stats.log1pExp(x.value), logistic(x.value)) }

/// log Γ(x), with derivative ψ(x).
public func logGamma(_ x: Real) -> Real { x.unary(Special.logGamma(x.value), Special.digamma(x.value)) }

/// The sum of several reals as one node.
public func sum(_ xs: [Real]) -> Real {
    guard let tape = xs.lazy.compactMap(\.tape).first else { return Real(xs.reduce(0) { $0 + $1.value }) }
    let total = xs.reduce(0) { $0 + $1.value }
    let out = tape.scalar(total)
    let inputs = xs.compactMap { $0.tape == nil ? nil : $0.index }
    tape.record(.custom { t in
        let g = t.adjoints[out]
        for i in inputs { t.adjoints[i] += g }
    })
    return Real(value: total, tape: tape, index: out)
}
