import Foundation

/// How a parameter is constrained, and so how it is mapped from the
/// unconstrained space the sampler moves in (Stan Reference Manual, ch. 10).
public enum Constraint: Sendable, Hashable {
    /// x = q.
    case real
    /// x = a + eᑫ, log|J| = q.
    case lower(Double)
    /// x = b − eᑫ, log|J| = q.
    case upper(Double)
    /// x = a + (b − a)·logistic(q), log|J| = log(b − a) + log s + log(1 − s).
    case interval(Double, Double)
    /// Stick-breaking: zₖ = logistic(qₖ − log(K − k − 1)), xₖ = (1 − Σⱼ₍ₖ xⱼ) zₖ;
    /// K − 1 unconstrained values.
    case simplex
}

/// One declared parameter of a `Model`: its name, constraint and place in the
/// unconstrained vector.
public struct Parameter: Sendable, Hashable {
    /// The name given at declaration ("σ", "θ").
    public let name: String
    /// Its constraint: how it maps from the unconstrained space.
    public let constraint: Constraint
    /// Number of constrained values (1 for a scalar).
    public let count: Int
    /// Whether declared as a vector (names get an index).
    public let isVector: Bool
    /// Offset and length in the unconstrained vector.
    let offset: Int
    var unconstrainedCount: Int { constraint == .simplex ? count - 1 : count }

    /// The names of its values: "σ", or "θ[0]", "θ[1]", ….
    public var componentNames: [String] {
        isVector ? (0..<count).map { "\(name)[\($0)]" } : [name]
    }

    /// The constrained values for unconstrained `q`, and log|J| of the map.
    func constrain(_ q: [Real], jacobian: Bool) -> (values: [Real], logJacobian: Real) {
        switch constraint {
        case .real:
            return (q, Real(0))
        case .lower(let a):
            return (q.map { exp($0) + a }, jacobian ? sum(q) : Real(0))
        case .upper(let b):
            return (q.map { b - exp($0) }, jacobian ? sum(q) : Real(0))
        case .interval(let a, let b):
            let values = q.map { a + (b - a) * sigmoid($0) }
            guard jacobian else { return (values, Real(0)) }
            let terms = q.map { Foundation.log(b - a) - log1pExp(-$0) - log1pExp($0) }
            return (values, sum(terms))
        case .simplex:
            var stick = Real(1)
            var values: [Real] = []
            var terms: [Real] = []
            for (k, qk) in q.enumerated() {
                let y = qk - Foundation.log(Double(count - k - 1))
                let z = sigmoid(y)
                let x = stick * z
                if jacobian { terms += [log(stick), -log1pExp(-y), -log1pExp(y)] }
                values.append(x)
                stick = stick - x
            }
            values.append(stick)
            return (values, jacobian ? sum(terms) : Real(0))
        }
    }

    /// Unconstrained values for constrained `x` (the inverse map).
    func unconstrain(_ x: [Double]) -> [Double] {
        switch constraint {
        case .real: return x
        case .lower(let a): return x.map { log($0 - a) }
        case .upper(let b): return x.map { log(b - $0) }
        case .interval(let a, let b): return x.map { let u = ($0 - a) / (b - a); return log(u / (1 - u)) }
        case .simplex:
            var stick = 1.0
            var q: [Double] = []
            for k in 0..<(count - 1) {
                let z = x[k] / stick
                q.append(log(z / (1 - z)) + log(Double(count - k - 1)))
                stick -= x[k]
            }
            return q
        }
    }
}
