import Foundation
import Stats
import Testing
@testable import Inference

/// Simulation-based calibration (Talts et al. 2018): draw θ* from the prior,
/// data from θ*, sample the posterior; the rank of θ* among the posterior
/// draws is uniform when the sampler is right.
@Suite struct CalibrationTests {
    /// Ranks of each parameter's true value among `thin`-thinned draws, over `replicates` fits.
    func ranks(replicates: Int, parameters: [String], seed: UInt64,
               simulate: @Sendable (inout Xoshiro256) -> (truth: [Double], model: Model)) -> [[Int]] {
        let results = (0..<replicates).map { r -> [Int] in
            var g = Xoshiro256(seed: seed).stream(r + 1)
            let (truth, model) = simulate(&g)
            let posterior = try! model.sample(chains: 1, warmup: 200, draws: 400, seed: seed &+ UInt64(r))
            return parameters.indices.map { p in
                let draws = stride(from: 0, to: 400, by: 8).map { posterior[parameters[p]][$0] }
                return draws.filter { $0 < truth[p] }.count
            }
        }
        return parameters.indices.map { p in results.map { $0[p] } }
    }

    /// χ² test of 50 thinned draws' ranks (0…50) in 10 equal bins against uniform.
    func uniformityPValue(_ ranks: [Int]) -> Double {
        var counts = [Double](repeating: 0, count: 10)
        for r in ranks { counts[min(9, r * 10 / 51)] += 1 }
        let expected = Double(ranks.count) / 10
        let chi2 = counts.reduce(0) { $0 + ($1 - expected) * ($1 - expected) / expected }
        return 1 - ChiSquared(9).cdf(chi2)
    }

    /// μ ~ N(0, 1), σ ~ HalfNormal(1), ten points y ~ N(μ, σ): a real and a positive parameter.
    @Test func normalMeanAndScale() {
        let ranks = ranks(replicates: 200, parameters: ["μ", "σ"], seed: 17) { g in
            let mu = Normal(0, 1).sample(using: &g), sigma = HalfNormal(1).sample(using: &g)
            let y = Normal(mu, sigma).sample(count: 10, using: &g)
            let model = Model { m in
                let mu = m.real("μ", prior: Normal(0, 1))
                let sigma = m.positive("σ", prior: HalfNormal(1))
                m.add(LogDensity.normal(y, mean: mu, sd: sigma).sum())
            }
            return ([mu, sigma], model)
        }
        for (name, r) in zip(["μ", "σ"], ranks) {
            #expect(uniformityPValue(r) > 0.001, "\(name) ranks not uniform: p = \(uniformityPValue(r))")
        }
    }

    /// p ~ Beta(2, 2), k ~ Binomial(20, p): an interval parameter.
    @Test func betaBinomial() {
        let ranks = ranks(replicates: 200, parameters: ["p"], seed: 29) { g in
            let p = Beta(2, 2).sample(using: &g)
            let k = Binomial(20, p).sample(using: &g)
            let model = Model { m in
                let p = m.real("p", in: 0...1, prior: Beta(2, 2))
                m.add(LogDensity.binomial(successes: k, trials: 20, probability: p))
            }
            return ([p], model)
        }
        #expect(uniformityPValue(ranks[0]) > 0.001, "p ranks not uniform: p-value \(uniformityPValue(ranks[0]))")
    }

    /// The test can fail: ranks from a posterior half as wide as the true one pile up at the ends.
    @Test func uniformityTestRejectsAnOverconfidentPosterior() {
        var g = Xoshiro256(seed: 3)
        let ranks = (0..<200).map { _ -> Int in
            let truth = standardNormal(using: &g)
            let draws = (0..<50).map { _ in 0.5 * standardNormal(using: &g) }
            return draws.filter { $0 < truth }.count
        }
        #expect(uniformityPValue(ranks) < 1e-6)
    }
}
