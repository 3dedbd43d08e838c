import Foundation
import Stats
import Testing
@testable import Inference

/// Every log density's exact gradient against central finite differences.
@Suite struct GradientTests {
    static let x = [101.5, 104.0, 118.2, 125.3, 131.0, 149.2]
    static let y = [0.3, -1.2, 2.5, 0.8, 1.1, -0.4]

    func checkGradient(_ model: Model, at q: [Double], tolerance: Double = 1e-6) {
        let (value, gradient) = model.gradient(q)
        #expect(abs(value - model.logDensity(q)) < 1e-12 * max(1, abs(value)))
        for i in q.indices {
            let h = 1e-5 * max(1, abs(q[i]))
            var up = q, down = q
            up[i] += h
            down[i] -= h
            let numeric = (model.logDensity(up) - model.logDensity(down)) / (2 * h)
            let scale = max(1, abs(numeric))
            #expect(abs(gradient[i] - numeric) < tolerance * scale,
                    "∂/∂q[\(i)] (\(model.names)): exact \(gradient[i]), numeric \(numeric)")
        }
    }

    @Test func priorsOnEveryConstraint() {
        let priors: [(any DifferentiableDensity, Constraint)] = [
            (Normal(1, 2), .real), (Cauchy(0, 3), .real), (StudentT(4, 1, 2), .real),
            (TruncatedNormal(0.05, 0.05, lower: 0), .lower(0)), (HalfCauchy(0, 5), .lower(0)),
            (HalfNormal(2), .lower(0)), (Exponential(rate: 1.5), .lower(0)), (Gamma(shape: 2.5, rate: 1.2), .lower(0)),
            (LogNormal(0.3, 0.8), .lower(0)), (Beta(2, 5), .interval(0, 1)), (Uniform(-1, 3), .interval(-1, 3)),
        ]
        for (prior, constraint) in priors {
            let model = Model { m in
                switch constraint {
                case .real: _ = m.real("a", prior: prior)
                case .lower(let a): _ = m.real("a", above: a, prior: prior)
                case .interval(let a, let b): _ = m.real("a", in: a...b, prior: prior)
                default: break
                }
            }
            for q in [-1.3, 0.2, 0.9] { checkGradient(model, at: [q]) }
        }
    }

    @Test func upperBoundAndSimplex() {
        let model = Model { m in
            let u = m.real("u", below: 2, prior: Normal(0, 3))
            let theta = m.simplex("θ", prior: Dirichlet([2, 3, 1.5, 4]))
            m.add(log(theta[1]) * 3 + u * theta[2])
        }
        checkGradient(model, at: [0.4, -0.3, 0.8, 1.1])
        #expect(model.dimension == 4)
        let values = model.constrain([0.4, -0.3, 0.8, 1.1])
        #expect(abs(values[1...].reduce(0, +) - 1) < 1e-12)
        let back = try! model.unconstrain(["u": [values[0]], "θ": Array(values[1...])])
        for (a, b) in zip(back, [0.4, -0.3, 0.8, 1.1]) { #expect(abs(a - b) < 1e-10) }
    }

    @Test func vectorisedLikelihoods() {
        let x = Self.x, y = Self.y
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(125, 10))
            let sigma = m.positive("σ", prior: HalfCauchy(0, 5))
            let lambda = m.positive("λ", prior: Normal(0.05, 0.05))
            let theta = m.simplex("θ", prior: Dirichlet([1, 1]))
            let slope = m.real("m")
            let signal = LogDensity.truncatedNormal(x, mean: mu, sd: sigma, in: 100...150)
                + LogDensity.truncatedNormal(x.reversed(), mean: mu, sd: sigma, in: 100...150)
            let background = LogDensity.truncatedExponential(x, rate: lambda, in: 100...150)
                + LogDensity.truncatedExponential(x.reversed(), rate: lambda, in: 100...150)
            m.add(LogDensity.mixture(theta, [signal, background]))
            let line = slope * y + mu * 0.01 - sigma * exp(Reals(y.map { -$0 / 10 }))
            m.add(LogDensity.normal(y, mean: line, sd: sigma).sum())
            m.add(LogDensity.normal(y, mean: slope, sd: lambda * 20).sum())
            m.add(LogDensity.exponential(x.map { $0 - 100 }, rate: lambda).sum())
            m.add(LogDensity.bernoulli(y.map { $0 > 0 }, logOdds: slope * y + mu * 0.001).sum())
            m.add(LogDensity.poisson([3, 0, 7, 2, 1, 4], mean: exp(slope * y) * lambda * 40).sum())
            m.add(LogDensity.binomial(successes: 7, trials: 12, probability: theta[0]))
            m.add(log(sigma) * (exp(slope) + 1) / (lambda + 2) - sqrt(sigma) + tanh(slope) + pow(lambda, 1.5) - 2 / sigma)
        }
        checkGradient(model, at: [0.3, 1.1, -2.9, 0.4, 0.7], tolerance: 1e-5)
        checkGradient(model, at: [-0.5, 0.2, -3.4, -1.0, -0.2], tolerance: 1e-5)
    }

    /// Σ log TruncatedNormal(xᵢ | μ, σ) on [100, 150], flat priors.
    static let truncatedNormalModel: Model = {
        let x = GradientTests.x
        return Model { m in
            let mu = m.real("μ")
            let sigma = m.positive("σ")
            m.add(LogDensity.truncatedNormal(x, mean: mu, sd: sigma, in: 100...150).sum())
        }
    }()

    /// The truncation normaliser when the mean sits far outside the window.
    @Test func truncatedNormalFarFromItsWindow() {
        let x = Self.x
        let model = Self.truncatedNormalModel
        checkGradient(model, at: [40, log(3.0)], tolerance: 1e-4)
        checkGradient(model, at: [190, log(2.0)], tolerance: 1e-4)
        let direct = x.map { TruncatedNormal(190, 2, lower: 100, upper: 150).logPDF($0) }.reduce(0, +)
        #expect(abs(model.logDensity([190, log(2.0)], jacobian: false) - direct) < 1e-9 * abs(direct))
    }
}

extension GradientTests {
    /// σ so wide that the window is a sliver of it: the density tends to the uniform 1/(U − L).
    @Test func truncatedNormalFarWiderThanItsWindow() {
        let x = Self.x
        let model = Self.truncatedNormalModel
        for logSigma in [9.0, 30.0, 80.0] {
            let value = model.logDensity([120, logSigma], jacobian: false)
            #expect(abs(value - Double(x.count) * -log(50.0)) < (logSigma < 10 ? 1e-4 : 1e-9), "log σ = \(logSigma): \(value)")
            let g = model.gradient([120, logSigma], jacobian: false).gradient
            #expect(g.allSatisfy { $0.isFinite && abs($0) < 1e-3 }, "\(g)")
        }
        checkGradient(model, at: [120, 9], tolerance: 1e-4)
    }
}

extension GradientTests {
    /// One vector node feeding several others: its adjoint is first another
    /// node's array, shared, then gets storage of its own when a second
    /// contribution arrives. Odd lengths take the mixture's left-over event.
    @Test func aVectorUsedSeveralTimes() {
        let x = Self.x + [112.0], y = Self.y + [0.6]
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(125, 10))
            let sigma = m.positive("σ")
            let slope = m.real("m")
            let theta = m.simplex("θ", count: 2)
            let shared = LogDensity.truncatedNormal(x, mean: mu, sd: sigma, in: 100...150)
            let line = slope * y
            let twice = shared + shared - line * 0.5
            m.add(LogDensity.mixture(theta, twice, line + shared))
            m.add((line * line).sum() * -0.1 + shared.sum() + (line + 1.0).sum())
        }
        for q in [[0.3, 1.1, -0.4, 0.2], [-0.5, 0.2, 0.9, -1.3]] {
            checkGradient(model, at: q, tolerance: 1e-5)
        }
    }

    /// A tape reused across evaluations (a chain's) gives what a fresh one gives.
    @Test func aReusedTapeGivesTheFreshGradient() {
        let x = Self.x, y = Self.y
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(125, 10))
            let sigma = m.positive("σ")
            let theta = m.simplex("θ", count: 2)
            let signal = LogDensity.truncatedNormal(x, mean: mu, sd: sigma, in: 100...150)
            m.add(LogDensity.mixture(theta, signal + Reals(y), LogDensity.normal(y, mean: mu * 0.001, sd: sigma).sum() + signal))
        }
        let reused = model.gradientFunction()
        for q in [[0.3, 1.1, -0.4], [-0.5, 0.2, 0.9], [0.3, 1.1, -0.4]] {
            let (value, gradient) = reused(q)
            let fresh = model.gradient(q)
            #expect(value == fresh.value)
            #expect(gradient == fresh.gradient)
        }
    }

    /// The two-component mixture's fused pass against log-sum-exp written
    /// out, with infinite log densities (events outside a support) among them.
    @Test func twoComponentMixtureIsLogSumExp() {
        let a: [Double] = [-1.5, 0.3, -.infinity, 2.0, -40, -.infinity, 7.25]
        let b: [Double] = [-0.2, 0.3, -3.0, -.infinity, -1, -.infinity, 7.0]
        let (wa, wb) = (log(0.3), log(0.7))
        var expected = 0.0
        for i in a.indices {
            let ta = wa + a[i], tb = wb + b[i], top = max(ta, tb)
            expected += top.isFinite ? top + log(exp(ta - top) + exp(tb - top)) : top
        }
        let value = LogDensity.mixture([Real(0.3), Real(0.7)], Reals(a), Reals(b)).value
        #expect(value == -.infinity && expected == -.infinity)
        let finite = [0, 1, 2, 3, 4, 6]
        let value2 = LogDensity.mixture([Real(0.3), Real(0.7)], Reals(finite.map { a[$0] }), Reals(finite.map { b[$0] })).value
        var expected2 = 0.0
        for i in finite {
            let ta = wa + a[i], tb = wb + b[i], top = max(ta, tb)
            expected2 += top + log(exp(ta - top) + exp(tb - top))
        }
        #expect(abs(value2 - expected2) < 1e-13 * abs(expected2), "\(value2) against \(expected2)")
    }
}
