import Foundation
import Synchronization
import Stats
import Testing
@testable import Inference

/// NUTS against posteriors known exactly.
@Suite struct NUTSTests {
    /// Beta(2, 2) prior, 45 of 50: the posterior is Beta(47, 7).
    @Test func betaBinomial() throws {
        let model = Model { m in
            let p = m.real("p", in: 0...1, prior: Beta(2, 2))
            m.add(LogDensity.binomial(successes: 45, trials: 50, probability: p))
        }
        let posterior = try model.sample(chains: 4, warmup: 500, draws: 1000, seed: 7)
        let exact = Beta(47, 7)
        let row = try #require(posterior.summary()["p"])
        #expect(abs(row.mean - exact.mean) < 4 * row.mcse, "mean \(row.mean) vs \(exact.mean) ± \(row.mcse)")
        #expect(abs(row.sd / exact.standardDeviation - 1) < 0.08)
        #expect(abs(row.quantiles[0] - exact.quantile(0.05)) < 0.01)
        #expect(abs(row.quantiles[2] - exact.quantile(0.95)) < 0.01)
        #expect(row.rHat < 1.01)
        #expect(row.bulkESS > 1000)
        #expect(posterior.divergences == 0)
    }

    /// Normal mean with known σ = 2 and a Normal(0, 3) prior on 20 points:
    /// posterior precision 1/9 + 20/4, mean (Σy/4)/precision.
    @Test func normalKnownSigma() throws {
        var g = Xoshiro256(seed: 3)
        let y = Normal(1.7, 2).sample(count: 20, using: &g)
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(0, 3))
            m.add(LogDensity.normal(y, mean: mu, sd: Real(2)).sum())
        }
        let posterior = try model.sample(chains: 4, warmup: 500, draws: 1000, seed: 11)
        let precision = 1.0 / 9 + 20.0 / 4
        let exact = Normal(y.reduce(0, +) / 4 / precision, (1 / precision).squareRoot())
        let row = try #require(posterior.summary()["μ"])
        #expect(abs(row.mean - exact.mu) < 4 * row.mcse, "mean \(row.mean) vs \(exact.mu) ± \(row.mcse)")
        #expect(abs(row.sd / exact.sigma - 1) < 0.08)
        // Kolmogorov–Smirnov distance of the pooled draws, thinned to near independence.
        let draws = stride(from: 0, to: 4000, by: 4).map { posterior["μ"][$0] }.sorted()
        let ks = draws.enumerated().map { i, x in max(abs(exact.cdf(x) - Double(i) / 1000), abs(exact.cdf(x) - Double(i + 1) / 1000)) }.max()!
        #expect(ks < 1.63 / 1000.0.squareRoot(), "KS distance \(ks)")
    }

    /// A correlated 2D normal with scales 100 apart: the metric must adapt.
    @Test func adaptsToScales() throws {
        let model = Model { m in
            let a = m.real("a"), b = m.real("b")
            let z1 = a / 100, z2 = (b - a / 100 * 0.5) / 0.1
            m.add(-0.5 * (z1 * z1 + z2 * z2))
        }
        let posterior = try model.sample(chains: 2, warmup: 1000, draws: 1000, seed: 5)
        let summary = posterior.summary()
        #expect(abs(summary["a"]!.sd / 100 - 1) < 0.1)
        #expect(posterior.inverseMetrics[0][0] > 1000)
        #expect(posterior.divergences == 0)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        let acceptance = posterior.statistics.flatMap { $0 }.map(\.acceptance).reduce(0, +) / 2000
        // Dual averaging aims the adaptation statistic at 0.8; on a Gaussian the
        // averaged final step is a little smaller, as in Stan (≈ 0.85–0.95).
        #expect(acceptance > 0.75 && acceptance < 0.97, "mean acceptance \(acceptance)")
    }

    @Test func sameSeedSameDraws() throws {
        let model = Model { m in _ = m.real("x", prior: Normal(0, 1)) }
        let a = try model.sample(chains: 3, warmup: 100, draws: 50, seed: 42)
        let b = try model.sample(chains: 3, warmup: 100, draws: 50, seed: 42)
        #expect(a["x"] == b["x"])
        #expect(a.chains("x")[0] != a.chains("x")[1])
    }

    /// A funnel-like target diverges, and the summary says so.
    @Test func warnsOfDivergences() throws {
        let model = Model { m in
            let v = m.real("v", prior: Normal(0, 3))
            let x = m.real("x")
            m.add(-0.5 * x * x / exp(v) - v / 2)  // x ~ Normal(0, e^(v/2))
        }
        let posterior = try model.sample(chains: 2, warmup: 300, draws: 300, seed: 1)
        #expect(posterior.divergences > 0)
        #expect(posterior.summary().warnings.contains { $0.contains("diverged") })
    }

    /// Chains without `initial` values are centred on the mode L-BFGS finds:
    /// μ ~ Normal(500, 1) with ten points at 503 and σ = 1 has its posterior
    /// mode at (500 + 10·503)/11, far outside the (−2, 2) box around zero.
    @Test func chainsStartAroundTheMode() throws {
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(500, 1))
            m.add(LogDensity.normal([Double](repeating: 503, count: 10), mean: mu, sd: Real(1)).sum())
        }
        let centre = try #require(model.modeForStart())
        #expect(abs(centre[0] - (500 + 10 * 503) / 11.0) < 1e-6)
        let posterior = try model.sample(chains: 2, warmup: 200, draws: 200, seed: 3)
        for chain in posterior.chains("μ") { #expect(abs(chain[0] - centre[0]) < 3) }
    }

    /// A hierarchical funnel's density grows without bound at its neck (τ → 0
    /// with every θ at the mean): L-BFGS does not converge there, and the
    /// chains start around zero instead of at a neck the search ran into.
    @Test func aFunnelWithoutAModeStartsAroundZero() throws {
        let model = Model { m in
            let tau = m.positive("τ", prior: HalfCauchy(0, 1))
            let theta = m.real("θ", count: 5)
            for t in theta { m.add(LogDensity.normal([0.0], mean: t, sd: tau).sum()) }
        }
        #expect(model.modeForStart() == nil)
    }

    /// The warm-up's first metric is the Laplace approximation's: on a
    /// correlated Gaussian (sd 100 and 0.1, correlation 0.5 between the
    /// scaled coordinates) its variances are the covariance's diagonal.
    @Test func theFirstMetricIsTheLaplaceVariances() throws {
        let model = Model { m in
            let a = m.real("a"), b = m.real("b")
            let u = a / 100, v = b / 0.1
            m.add(-(u * u - u * v + v * v) / (2 * 0.75))   // unit variances, correlation 0.5
        }
        let mode = try #require(model.modeForStart())
        let variances = try #require(model.laplaceVariances(at: mode))
        #expect(abs(variances[0] / 10_000 - 1) < 1e-4, "\(variances)")
        #expect(abs(variances[1] / 0.01 - 1) < 1e-4, "\(variances)")
    }

    /// Scales 10⁵ apart: from the identity metric, NUTS needs trees of
    /// about a thousand steps until the first window has adapted; from the
    /// Laplace variances it needs a handful from the start. The count of
    /// log-density evaluations over the whole run shows which one ran.
    @Test func warmUpStartsFromThePosteriorsScales() throws {
        let evaluations = Mutex(0)
        let model = Model { m in
            evaluations.withLock { $0 += 1 }
            let a = m.real("a"), b = m.real("b")
            let z1 = a / 100, z2 = b / 0.001
            m.add(-0.5 * (z1 * z1 + z2 * z2))
        }
        let posterior = try model.sample(chains: 2, warmup: 150, draws: 200, seed: 9)
        let summary = posterior.summary()
        #expect(abs(summary["a"]!.sd / 100 - 1) < 0.15)
        #expect(abs(summary["b"]!.sd / 0.001 - 1) < 0.15)
        // 2 chains × 350 transitions: identity-metric warm-up alone would take
        // about 75 × 2 × 1023 evaluations; this run stays far below.
        #expect(evaluations.withLock { $0 } < 20_000, "\(evaluations.withLock { $0 }) evaluations")
    }
}
