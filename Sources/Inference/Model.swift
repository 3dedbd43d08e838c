import Foundation
import Stats

/// A Bayesian model written as Swift: a body that declares constrained
/// parameters with priors and adds the data's log likelihood. The sampler
/// and optimiser work on the unconstrained space, with log-Jacobians added,
/// and take exact gradients by reverse-mode differentiation of the body.
///
///     let line = Model { m in
///         let slope = m.real("m", prior: Normal(0, 10))
///         let intercept = m.real("b", prior: Normal(0, 10))
///         let sigma = m.positive("σ", prior: HalfCauchy(0, 5))
///         m.add(LogDensity.normal(y, mean: slope * x + intercept, sd: sigma).sum())
///     }
///     let posterior = line.sample()
public struct Model: Sendable {
    let body: @Sendable (ModelContext) -> Void
    /// The declared parameters, in order.
    public let parameters: [Parameter]
    /// The length of the unconstrained vector.
    public let dimension: Int

    /// A model whose `body` declares parameters (`m.real`, `m.positive`, …)
    /// and adds log-density terms (`m.add`); the body runs once here to learn
    /// the parameters, then at every gradient evaluation.
    public init(_ body: @escaping @Sendable (ModelContext) -> Void) {
        self.body = body
        let context = ModelContext(tape: Tape(), position: [], jacobian: true, discovering: true)
        body(context)
        parameters = context.parameters
        dimension = context.cursor
        require(dimension > 0, "a model needs at least one parameter: declare one with m.real, m.positive or m.simplex")
    }

    /// Names of the constrained values, in order: "μ", "σ", "θ[0]", "θ[1]".
    public var names: [String] { parameters.flatMap(\.componentNames) }

    /// log p(q) on the unconstrained space (log-Jacobians included unless `jacobian` is false).
    public func logDensity(_ q: [Double], jacobian: Bool = true) -> Double {
        let context = ModelContext(tape: Tape(), position: q, jacobian: jacobian)
        body(context)
        return context.total.value
    }

    /// log p(q) and its gradient, using `tape` (reset first).
    func logDensityAndGradient(_ q: [Double], tape: Tape, jacobian: Bool = true) -> (Double, [Double]) {
        tape.reset()
        let context = ModelContext(tape: tape, position: q, jacobian: jacobian)
        body(context)
        let total = context.total
        guard total.tape != nil, total.value.isFinite else {
            return (total.value.isNaN ? -.infinity : total.value, [Double](repeating: 0, count: q.count))
        }
        return (total.value, tape.gradient(of: total.index, inputs: q.count))
    }

    /// log p(q) and its gradient (a fresh tape; for tests and one-off use).
    public func gradient(_ q: [Double], jacobian: Bool = true) -> (value: Double, gradient: [Double]) {
        let (v, g) = logDensityAndGradient(q, tape: Tape(), jacobian: jacobian)
        return (v, g)
    }

    /// The constrained values (in `names` order) of unconstrained `q`.
    public func constrain(_ q: [Double]) -> [Double] {
        parameters.flatMap { p in
            let slice = q[p.offset..<(p.offset + p.unconstrainedCount)].map { Real($0) }
            return p.constrain(slice, jacobian: false).values.map(\.value)
        }
    }

    /// The unconstrained vector of constrained values given by name (vectors as arrays).
    public func unconstrain(_ values: [String: [Double]]) throws -> [Double] {
        var q = [Double](repeating: 0, count: dimension)
        for p in parameters {
            guard let x = values[p.name], x.count == p.count else {
                throw FitError("no value for parameter \(p.name) (needs \(p.count)); give every parameter a value")
            }
            let u = p.unconstrain(x)
            for (i, v) in u.enumerated() { q[p.offset + i] = v }
        }
        return q
    }
}

extension Model {
    /// q ↦ (log p(q), ∇ log p(q)) with one tape reused across calls: for a
    /// single thread (an optimiser, a chain).
    public func gradientFunction(jacobian: Bool = true) -> ([Double]) -> (Double, [Double]) {
        let tape = Tape()
        return { self.logDensityAndGradient($0, tape: tape, jacobian: jacobian) }
    }
}
