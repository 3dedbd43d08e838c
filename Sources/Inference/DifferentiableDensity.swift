import Foundation
import Stats

/// A density with a known derivative of its log: what a parameter's prior
/// must be. The Stats distributions with fixed parameters conform.
public protocol DifferentiableDensity: Sendable {
    /// log p(x) and d log p(x)/dx.
    func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double)
}

extension DifferentiableDensity {
    /// log p(x) as a node of the model's tape.
    public func logDensity(of x: Real) -> Real {
        let (value, derivative) = logPDFAndDerivative(x.value)
        return x.unary(value, derivative)
    }
}

extension Normal: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), -(x - mu) / (sigma * sigma))
    }
}

extension TruncatedNormal: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), -(x - mu) / (sigma * sigma))
    }
}

extension Cauchy: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        let z = (x - location) / scale
        return (logPDF(x), -2 * z / (scale * (1 + z * z)))
    }
}

extension HalfCauchy: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        let z = (x - location) / scale
        return (logPDF(x), -2 * z / (scale * (1 + z * z)))
    }
}

extension HalfNormal: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), -x / (sigma * sigma))
    }
}

extension StudentT: DifferentiableDensity {
    /// d/dx = −(ν + 1) z / (s (ν + z²)).
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        let z = (x - location) / scale
        return (logPDF(x), -(degreesOfFreedom + 1) * z / (scale * (degreesOfFreedom + z * z)))
    }
}

extension LogNormal: DifferentiableDensity {
    /// d/dx = −(1 + (log x − μ)/σ²) / x.
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), -(1 + (log(x) - mu) / (sigma * sigma)) / x)
    }
}

extension Exponential: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) { (logPDF(x), -rate) }
}

extension Gamma: DifferentiableDensity {
    /// d/dx = (a − 1)/x − b.
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), (shape - 1) / x - rate)
    }
}

extension Beta: DifferentiableDensity {
    /// d/dx = (a − 1)/x − (b − 1)/(1 − x).
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        (logPDF(x), (a - 1) / x - (b - 1) / (1 - x))
    }
}

extension Uniform: DifferentiableDensity {
    public func logPDFAndDerivative(_ x: Double) -> (value: Double, derivative: Double) { (logPDF(x), 0) }
}

extension Dirichlet {
    /// log Dir(θ | α) = log Γ(α₀) − Σ log Γ(αₖ) + Σ (αₖ − 1) log θₖ, on the tape.
    public func logDensity(of theta: [Real]) -> Real {
        require(theta.count == alpha.count, "Dirichlet with \(alpha.count) α needs a simplex of \(alpha.count)")
        var constant = Special.logGamma(alpha.reduce(0, +))
        for a in alpha { constant -= Special.logGamma(a) }
        return sum(zip(alpha, theta).map { a, t in a == 1 ? Real(0) : (a - 1) * log(t) }) + constant
    }
}
