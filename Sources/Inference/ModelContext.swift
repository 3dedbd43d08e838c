import Foundation
import Stats

/// What a `Model`'s body writes to: it declares parameters (with their
/// constraints and priors) and adds log-likelihood terms. One evaluation of
/// the log density runs the body once with a fresh context.
///
///     let model = Model { m in
///         let mu = m.real("μ", prior: Normal(125, 10))
///         let sigma = m.positive("σ", prior: HalfCauchy(0, 5))
///         m.add(LogDensity.normal(y, mean: mu, sd: sigma).sum())
///     }
public final class ModelContext {
    let tape: Tape
    let position: [Double]
    let jacobian: Bool
    /// Declaring the parameters only: `position` is empty and values start at 0.
    let discovering: Bool
    var cursor = 0
    var terms: [Real] = []
    var parameters: [Parameter] = []

    init(tape: Tape, position: [Double], jacobian: Bool, discovering: Bool = false) {
        self.tape = tape
        self.position = position
        self.jacobian = jacobian
        self.discovering = discovering
        for q in position { _ = tape.scalar(q) }
    }

    /// The log density so far: priors, Jacobians and added terms.
    var total: Real { sum(terms) }

    /// Adds a term to the log density (Stan's `target +=`).
    public func add(_ term: Real) { terms.append(term) }

    /// Adds a term that depends on no parameter.
    public func add(_ term: Double) { terms.append(Real(term)) }

    // MARK: Declarations

    /// An unconstrained real parameter.
    public func real(_ name: String, prior: (any DifferentiableDensity)? = nil) -> Real {
        declare(name, .real, count: 1, vector: false, prior: prior)[0]
    }

    /// `count` unconstrained reals sharing one prior, named `name[0]`, `name[1]`, ….
    public func real(_ name: String, count: Int, prior: (any DifferentiableDensity)? = nil) -> [Real] {
        declare(name, .real, count: count, vector: true, prior: prior)
    }

    /// A parameter > 0 (a width, a rate).
    public func positive(_ name: String, prior: (any DifferentiableDensity)? = nil) -> Real {
        declare(name, .lower(0), count: 1, vector: false, prior: prior)[0]
    }

    /// `count` parameters > 0.
    public func positive(_ name: String, count: Int, prior: (any DifferentiableDensity)? = nil) -> [Real] {
        declare(name, .lower(0), count: count, vector: true, prior: prior)
    }

    /// A parameter > `lower`.
    public func real(_ name: String, above lower: Double, prior: (any DifferentiableDensity)? = nil) -> Real {
        declare(name, .lower(lower), count: 1, vector: false, prior: prior)[0]
    }

    /// A parameter < `upper`.
    public func real(_ name: String, below upper: Double, prior: (any DifferentiableDensity)? = nil) -> Real {
        declare(name, .upper(upper), count: 1, vector: false, prior: prior)[0]
    }

    /// A parameter inside `range` (a probability: `0...1`).
    public func real(_ name: String, in range: ClosedRange<Double>, prior: (any DifferentiableDensity)? = nil) -> Real {
        require(range.upperBound > range.lowerBound, "parameter \(name) needs a range of positive width")
        return declare(name, .interval(range.lowerBound, range.upperBound), count: 1, vector: false, prior: prior)[0]
    }

    /// K weights that are positive and sum to 1, with a Dirichlet prior.
    public func simplex(_ name: String, prior: Dirichlet) -> [Real] {
        let theta = declare(name, .simplex, count: prior.alpha.count, vector: true, prior: nil)
        add(prior.logDensity(of: theta))
        return theta
    }

    /// K weights with a flat prior on the simplex (Dirichlet(1, …, 1)).
    public func simplex(_ name: String, count: Int) -> [Real] {
        require(count >= 2, "simplex \(name) needs at least two weights")
        return declare(name, .simplex, count: count, vector: true, prior: nil)
    }

    func declare(_ name: String, _ constraint: Constraint, count: Int, vector: Bool,
                 prior: (any DifferentiableDensity)?) -> [Real] {
        require(count >= 1, "parameter \(name) needs count ≥ 1")
        require(!parameters.contains { $0.name == name }, "parameter \(name) is declared twice; give each its own name")
        let parameter = Parameter(name: name, constraint: constraint, count: count, isVector: vector, offset: cursor)
        let n = parameter.unconstrainedCount
        let q: [Real]
        if discovering {
            q = (0..<n).map { _ in Real(value: 0, tape: tape, index: tape.scalar(0)) }
        } else {
            require(cursor + n <= position.count, "the model declared more parameters than on its first run; declare the same parameters every time")
            q = (0..<n).map { Real(value: position[cursor + $0], tape: tape, index: cursor + $0) }
        }
        cursor += n
        parameters.append(parameter)
        let (values, logJacobian) = parameter.constrain(q, jacobian: jacobian)
        if jacobian { terms.append(logJacobian) }
        if let prior { for v in values { terms.append(prior.logDensity(of: v)) } }
        return values
    }
}
