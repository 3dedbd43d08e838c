import Foundation
import Stats
import Synchronization

extension Model {
    /// Samples the posterior with NUTS. Defaults are CmdStan's: 4 chains of
    /// 1000 warm-up and 1000 kept draws, target acceptance 0.8, maximum tree
    /// depth 10, diagonal metric adapted in windows. Unlike CmdStan, whose
    /// warm-up starts from the identity metric, the first metric is the
    /// Laplace approximation's variances at the mode (the diagonal of the
    /// inverse negative Hessian, where it is positive definite): on scales
    /// far from 1 the identity needs trees of hundreds of steps until the
    /// first window has adapted, and those trees were most of a short
    /// warm-up's cost. Chains run in parallel, each on its own stream of
    /// `seed` (by default split off the lecture's generator), so the same
    /// seed gives the same draws on any machine.
    /// Each chain starts uniformly within ±2 of the posterior's mode on the
    /// unconstrained space (L-BFGS from zero; zero itself when that search
    /// does not converge), unless `initial` gives constrained values by
    /// parameter name. `seconds` includes the mode search.
    public func sample(chains: Int = 4, warmup: Int = 1000, draws: Int = 1000,
                       targetAcceptance: Double = 0.8, maxTreeDepth: Int = 10,
                       seed: UInt64? = nil, initial: [String: [Double]]? = nil) throws -> Posterior {
        guard chains >= 1, draws >= 1, warmup >= 0 else { throw FitError("sample needs chains ≥ 1, draws ≥ 1 and warmup ≥ 0") }
        guard targetAcceptance > 0, targetAcceptance < 1 else { throw FitError("targetAcceptance must lie in (0, 1)") }
        let base = seed.map { Xoshiro256(seed: $0) } ?? LectureRandom.split()
        let start = try initial.map { try unconstrain($0) }
        let clock = ContinuousClock.now
        let centre = initial == nil ? modeForStart() : nil
        let startMetric = centre.flatMap { laplaceVariances(at: $0) }
        let results = Mutex<[Result<ChainDraws, FitError>?]>(Array(repeating: nil, count: chains))
        Parallel.forEach(chains) { chain in
            var generator = base.stream(chain + 1)
            let outcome = Result { try runChain(warmup: warmup, draws: draws, target: targetAcceptance,
                                                 maxTreeDepth: maxTreeDepth, start: start, centre: centre, metric: startMetric,
                                                 chain: chain, using: &generator) }
                .mapError { $0 as? FitError ?? FitError("\($0)") }
            results.withLock { $0[chain] = outcome }
        }
        let runs = try results.withLock { try $0.map { try $0!.get() } }
        let elapsed = ContinuousClock.now - clock
        let components = names.count
        let values = (0..<components).map { c in runs.map { run in run.values.map { $0[c] } } }
        return Posterior(names: names, values: values, statistics: runs.map(\.statistics),
                         stepSizes: runs.map(\.stepSize), inverseMetrics: runs.map(\.inverseMetric),
                         logDensities: runs.map(\.logDensities), maxTreeDepth: maxTreeDepth,
                         seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Where chains without `initial` values are centred: the mode of the
    /// unconstrained density (Jacobian included) that L-BFGS reaches from
    /// zero, or nil (centre zero) when it does not converge, as on a
    /// hierarchical funnel whose density grows without bound at its neck.
    func modeForStart() -> [Double]? {
        let f = gradientFunction(jacobian: true)
        let zero = [Double](repeating: 0, count: dimension)
        guard f(zero).0.isFinite else { return nil }
        let result = climb(f, from: zero)
        return result.converged && result.value.isFinite && result.x.allSatisfy(\.isFinite) ? result.x : nil
    }

    /// The Laplace approximation's marginal variances at `mode` (the
    /// diagonal of the inverse negative Hessian), or nil where the Hessian
    /// is not negative definite: the diagonal metric warm-up starts from.
    func laplaceVariances(at mode: [Double]) -> [Double]? {
        guard let covariance = laplaceCovariance(at: mode, gradientFunction(jacobian: true)) else { return nil }
        let variances = (0..<mode.count).map { covariance[$0, $0] }
        guard variances.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        return variances
    }

    struct ChainDraws: Sendable {
        var values: [[Double]] = []
        var logDensities: [Double] = []
        var statistics: [TransitionStatistics] = []
        var stepSize = 0.0
        var inverseMetric: [Double] = []
    }

    func runChain<G: RandomNumberGenerator>(warmup: Int, draws: Int, target: Double, maxTreeDepth: Int,
                                            start: [Double]?, centre: [Double]?, metric: [Double]?, chain: Int,
                                            using generator: inout G) throws -> ChainDraws {
        let tape = Tape()
        let model = self
        var sampler = NUTS(logDensity: { model.logDensityAndGradient($0, tape: tape) },
                           dimension: dimension, maxTreeDepth: maxTreeDepth)
        var schedule = WarmupSchedule(warmup: warmup, dimension: dimension)
        if schedule.adaptsMetric, let metric { sampler.inverseMetric = metric }
        var z = try initialPoint(sampler, start: start, centre: centre, chain: chain, using: &generator)
        sampler.initialiseStepSize(at: z, using: &generator)
        var stepAdaptation = DualAveraging(target: target)
        stepAdaptation.restart(stepSize: sampler.stepSize)
        for _ in 0..<warmup {
            let (next, statistics) = sampler.transition(from: z, using: &generator)
            z = next
            sampler.stepSize = stepAdaptation.learn(accept: statistics.acceptance)
            if let metric = schedule.learn(z.q) {
                sampler.inverseMetric = metric
                sampler.initialiseStepSize(at: z, using: &generator)
                stepAdaptation.restart(stepSize: sampler.stepSize)
            }
        }
        if warmup > 0 { sampler.stepSize = stepAdaptation.finalStepSize }
        var out = ChainDraws()
        out.values.reserveCapacity(draws)
        for _ in 0..<draws {
            let (next, statistics) = sampler.transition(from: z, using: &generator)
            z = next
            out.values.append(constrain(z.q))
            out.logDensities.append(z.logDensity)
            out.statistics.append(statistics)
        }
        out.stepSize = sampler.stepSize
        out.inverseMetric = sampler.inverseMetric
        return out
    }

    /// A start with a finite log density and gradient: the given one, or
    /// uniform draws within ±2 of `centre` (zero if nil), up to 100 tries.
    func initialPoint<G: RandomNumberGenerator>(_ sampler: NUTS, start: [Double]?, centre: [Double]?, chain: Int,
                                                using generator: inout G) throws -> PhasePoint {
        if let start {
            let z = sampler.point(at: start)
            guard z.logDensity.isFinite, z.gradient.allSatisfy(\.isFinite) else {
                throw FitError("the initial values give log density \(z.logDensity); choose values inside every parameter's support")
            }
            return z
        }
        for _ in 0..<100 {
            let q = (0..<dimension).map { (centre?[$0] ?? 0) - 2 + 4 * uniform(&generator) }
            let z = sampler.point(at: q)
            if z.logDensity.isFinite, z.gradient.allSatisfy(\.isFinite) { return z }
        }
        throw FitError("chain \(chain): no start with a finite log density in 100 tries; check the priors' supports and the data, or give `initial` values")
    }
}
