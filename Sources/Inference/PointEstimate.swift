import Foundation
import Stats

/// A posterior mode found by L-BFGS on the unconstrained space, with a
/// Laplace approximation: a normal N(q̂, (−∇²log p(q̂))⁻¹) on the
/// unconstrained space, mapped back through the constraints.
public struct PointEstimate: Sendable {
    /// Names of the values, as in `Model.names`.
    public let names: [String]
    /// The mode in constrained values.
    public let values: [Double]
    /// The mode on the unconstrained space.
    public let unconstrained: [Double]
    /// log p at the mode (Jacobian included only for a Laplace fit).
    public let logDensity: Double
    /// L-BFGS iterations taken.
    public let iterations: Int
    /// Covariance on the unconstrained space (the inverse negative Hessian).
    public let covariance: Matrix
    let model: Model

    /// The mode's value of `name`.
    public subscript(name: String) -> Double {
        guard let i = names.firstIndex(of: name) else { stopForUnknown(name, "the estimate has", known: names) }
        return values[i]
    }

    /// Draws from the Laplace approximation, constrained: one array per name.
    public func sample(count: Int, seed: UInt64? = nil) throws -> [String: [Double]] {
        var g = seed.map { Xoshiro256(seed: $0) } ?? LectureRandom.split()
        let normal = try MultivariateNormal(mean: unconstrained, covariance: covariance)
        var out = [String: [Double]]()
        for name in names { out[name] = [] }
        for _ in 0..<count {
            let values = model.constrain(normal.sample(using: &g))
            for (name, v) in zip(names, values) { out[name]!.append(v) }
        }
        return out
    }

    /// Standard deviations of the constrained values under the Laplace
    /// approximation (from 4000 draws with a fixed seed).
    public func standardDeviations() throws -> [String: Double] {
        try sample(count: 4000, seed: 1).mapValues(\.standardDeviation)
    }
}

extension Model {
    /// The mode by L-BFGS. With `jacobian: false` (the default, as Stan's
    /// `optimize`) it is the MAP of the constrained parameters (the maximum
    /// likelihood estimate with flat priors); with `true` the mode of the
    /// unconstrained density, the centre of the Laplace approximation.
    /// The covariance comes from the Hessian by central differences of the
    /// exact gradient.
    public func optimize(jacobian: Bool = false, initial: [String: [Double]]? = nil) throws -> PointEstimate {
        let f = gradientFunction(jacobian: jacobian)
        var start = try initial.map { try unconstrain($0) } ?? [Double](repeating: 0, count: dimension)
        if !f(start).0.isFinite {
            var g = Xoshiro256(seed: 1)
            for _ in 0..<100 where !f(start).0.isFinite { start = (0..<dimension).map { _ in -2 + 4 * uniform(&g) } }
        }
        guard f(start).0.isFinite else { throw FitError("no start with a finite log density; give `initial` values") }
        let result = climb(f, from: start)
        guard result.value.isFinite else { throw FitError("the optimiser found no finite log density") }
        guard let covariance = laplaceCovariance(at: result.x, f) else {
            throw FitError("the log density is not curved at the mode (singular Hessian): a parameter is not identified by the data and priors")
        }
        return PointEstimate(names: names, values: constrain(result.x), unconstrained: result.x,
                             logDensity: -result.value, iterations: result.iterations, covariance: covariance, model: self)
    }

    /// The Laplace approximation: the mode of the unconstrained density (Jacobian included) and its curvature.
    public func laplace(initial: [String: [Double]]? = nil) throws -> PointEstimate {
        try optimize(jacobian: true, initial: initial)
    }

    /// L-BFGS from `start` up the log density `f` (value and gradient): its
    /// minimum of −f. `optimize` and the sampler's start (`modeForStart`) share it.
    func climb(_ f: ([Double]) -> (Double, [Double]), from start: [Double]) -> LBFGS.Result {
        LBFGS().minimise(start) { q in
            let (v, g) = f(q)
            return (-v, g.map { -$0 })
        }
    }

    /// The inverse of the negative Hessian of `f` at `q` (the Laplace
    /// approximation's covariance there), or nil where that Hessian is not
    /// positive definite. `optimize` and the sampler's first metric share it.
    func laplaceCovariance(at q: [Double], _ f: ([Double]) -> (Double, [Double])) -> Matrix? {
        let hessian = negativeHessian(at: q, f)
        guard (try? hessian.cholesky()) != nil else { return nil }
        return try? hessian.inverse()
    }

    func negativeHessian(at q: [Double], _ f: ([Double]) -> (Double, [Double])) -> Matrix {
        let n = q.count
        var h = Matrix(rows: n, columns: n)
        for j in 0..<n {
            let step = 1e-5 * max(1, abs(q[j]))
            var up = q, down = q
            up[j] += step
            down[j] -= step
            let (gu, gd) = (f(up).1, f(down).1)
            for i in 0..<n { h[i, j] = -(gu[i] - gd[i]) / (2 * step) }
        }
        for i in 0..<n { for j in 0..<i { let s = 0.5 * (h[i, j] + h[j, i]); h[i, j] = s; h[j, i] = s } }
        return h
    }
}
