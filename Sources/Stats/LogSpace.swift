import Foundation

/// log(Σ exp(xᵢ)) without overflow: the largest term is factored out.
public func logSumExp(_ xs: [Double]) -> Double {
    guard let m = xs.max(), m.isFinite else { return xs.max() ?? -.infinity }
    var s = 0.0
    for x in xs { s += exp(x - m) }
    return m + log(s)
}

/// log(exp(a) + exp(b)).
@inlinable public func logSumExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return max(a, b) + log1p(exp(-abs(a - b)))
}

/// log(exp(a) − exp(b)) for a ≥ b, accurate when the two are close.
@inlinable public func logDiffExp(_ a: Double, _ b: Double) -> Double {
    require(a >= b || a.isNaN || b.isNaN, "logDiffExp(a, b) needs a ≥ b")
    if b == -.infinity { return a }
    return a + log1mExp(b - a)
}

/// log(1 − exp(x)) for x ≤ 0 (Mächler 2012: log(−expm1(x)) near 0, log1p(−exp(x)) below −ln 2).
@inlinable public func log1mExp(_ x: Double) -> Double {
    x > -0.693_147_180_559_945_3 ? log(-expm1(x)) : log1p(-exp(x))
}

/// log(1 + exp(x)) (softplus) without overflow.
@inlinable public func log1pExp(_ x: Double) -> Double {
    if x <= -37 { return exp(x) }
    if x <= 18 { return log1p(exp(x)) }
    if x <= 33.3 { return x + exp(-x) }
    return x
}

/// logit(p) = log(p / (1 − p)).
@inlinable public func logit(_ p: Double) -> Double { log(p) - log1p(-p) }

/// The logistic function 1 / (1 + exp(−x)), the inverse of `logit`.
@inlinable public func inverseLogit(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}
