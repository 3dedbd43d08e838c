import Foundation
import Stats
import Testing
@testable import Inference

/// Seed 000's di-Higgs fit: signal a truncated normal in both masses,
/// background a shifted truncated exponential in both, mixed with θ.
@Suite struct DiHiggsTests {
    static let window = 100.0...150.0

    static func events(signalFraction: Double, count: Int, seed: UInt64) -> ([Double], [Double]) {
        var g = Xoshiro256(seed: seed)
        let s = Int((signalFraction * Double(count)).rounded())
        let signal = TruncatedNormal(125, 3, lower: 100, upper: 150)
        let background = TruncatedExponential(rate: 0.05, lower: 100, upper: 150)
        return (signal.sample(count: s, using: &g) + background.sample(count: count - s, using: &g),
                signal.sample(count: s, using: &g) + background.sample(count: count - s, using: &g))
    }

    static func model(_ mbb: [Double], _ myy: [Double]) -> Model {
        Model { m in
            let mu = m.real("μ", prior: Normal(125, 10))
            let sigma = m.positive("σ", prior: HalfCauchy(0, 5))
            let lambda = m.positive("λ", prior: Normal(0.05, 0.05))
            let theta = m.simplex("θ", prior: Dirichlet([1, 1]))
            let signal = LogDensity.truncatedNormal(mbb, mean: mu, sd: sigma, in: window)
                + LogDensity.truncatedNormal(myy, mean: mu, sd: sigma, in: window)
            let background = LogDensity.truncatedExponential(mbb, rate: lambda, in: window)
                + LogDensity.truncatedExponential(myy, rate: lambda, in: window)
            m.add(LogDensity.mixture(theta, signal, background))
        }
    }

    @Test(arguments: [0.10, 0.05])
    func recoversTheTruth(fraction: Double) throws {
        let (mbb, myy) = Self.events(signalFraction: fraction, count: 1000, seed: 8)
        let posterior = try Self.model(mbb, myy).sample(chains: 2, warmup: 300, draws: 300, seed: 4)
        let summary = posterior.summary(quantiles: [0.01, 0.5, 0.99])
        for (name, truth) in [("θ[0]", fraction), ("μ", 125), ("σ", 3), ("λ", 0.05)] {
            let row = try #require(summary[name])
            #expect(row.quantiles[0] < truth && truth < row.quantiles[2],
                    "\(name) = \(truth) outside the 98 % interval \(row.quantiles[0])…\(row.quantiles[2]) at \(fraction)")
        }
        #expect(summary["θ[0]"]!.quantiles[0] > 0.01, "signal not distinguished from zero at \(fraction)")
        #expect(posterior.divergences == 0)
    }

    /// With no signal the fraction's posterior piles up against zero.
    @Test func noSignal() throws {
        let (mbb, myy) = Self.events(signalFraction: 0, count: 2000, seed: 8)
        let posterior = try Self.model(mbb, myy).sample(chains: 2, warmup: 300, draws: 300, seed: 4)
        let theta = posterior["θ[0]"]
        #expect(theta.quantile(0.05) < 0.005)
        let bins = Histogram(theta, bins: 10, range: 0...0.1)
        #expect(bins.counts.firstIndex(of: bins.counts.max()!) == 0, "\(bins.counts)")
        #expect(abs(posterior["λ"].mean - 0.05) < 0.005)
    }
}
