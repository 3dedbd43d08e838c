import Foundation
import Stats
import Testing
@testable import Inference

/// EM for Gaussian mixtures against the mixtures that made the data.
@Suite struct GaussianMixtureTests {
    static func sample(_ n: Int, seed: UInt64) throws -> Matrix {
        var g = Xoshiro256(seed: seed)
        let components = [
            try MultivariateNormal(mean: [0, 0], standardDeviations: [1, 0.5], correlation: Matrix([[1, 0.6], [0.6, 1]])),
            try MultivariateNormal(mean: [4, 1], standardDeviations: [0.7, 1.2], correlation: Matrix([[1, -0.3], [-0.3, 1]])),
            try MultivariateNormal(mean: [1, 5], standardDeviations: [1, 1], correlation: Matrix([[1, 0], [0, 1]])),
        ]
        let which = Categorical([0.5, 0.3, 0.2]).sample(count: n, using: &g)
        return Matrix(rows: n, columns: 2, values: which.flatMap { components[$0].sample(using: &g) })
    }

    @Test func recoversTheMixtureThatMadeTheData() throws {
        let x = try Self.sample(20_000, seed: 1)
        var g = Xoshiro256(seed: 2)
        let fit = try GaussianMixture(fitting: x, components: 3, starts: 3, using: &g)
        #expect(fit.converged)
        // Match fitted components to the true ones by their means.
        let truth: [(w: Double, mu: [Double], sd: [Double], rho: Double)] = [
            (0.5, [0, 0], [1, 0.5], 0.6), (0.3, [4, 1], [0.7, 1.2], -0.3), (0.2, [1, 5], [1, 1], 0),
        ]
        for t in truth {
            let c = (0..<3).min { zip(fit.means[$0], t.mu).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) <
                                  zip(fit.means[$1], t.mu).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }!
            #expect(abs(fit.weights[c] - t.w) < 0.015, "weight \(fit.weights[c]) vs \(t.w)")
            for j in 0..<2 { #expect(abs(fit.means[c][j] - t.mu[j]) < 0.05) }
            let cov = fit.covariances[c]
            for j in 0..<2 { #expect(abs(cov[j, j].squareRoot() / t.sd[j] - 1) < 0.04) }
            #expect(abs(cov[0, 1] / (cov[0, 0] * cov[1, 1]).squareRoot() - t.rho) < 0.04)
        }
    }

    @Test func eachIterationRaisesTheLikelihood() throws {
        // EM never lowers the likelihood: more iterations, never worse.
        let x = try Self.sample(3000, seed: 3)
        var last = -Double.infinity
        for iterations in [1, 2, 4, 8, 16] {
            var g = Xoshiro256(seed: 4)
            let fit = try GaussianMixture(fitting: x, components: 3, tolerance: 0, maxIterations: iterations, using: &g)
            #expect(fit.logLikelihood >= last - 1e-9, "\(iterations) iterations: \(fit.logLikelihood) < \(last)")
            last = fit.logLikelihood
        }
    }

    @Test func oneComponentIsTheMaximumLikelihoodGaussian() throws {
        var g = Xoshiro256(seed: 5)
        let values = Normal(3, 2).sample(count: 5000, using: &g)
        let fit = try GaussianMixture(fitting: Matrix(rows: values.count, columns: 1, values: values), components: 1, using: &g)
        let mean = values.mean
        let mleVariance = values.variance * Double(values.count - 1) / Double(values.count)
        #expect(abs(fit.means[0][0] - mean) < 1e-9)
        #expect(abs(fit.covariances[0][0, 0] - mleVariance - 1e-6) < 1e-9)
        let exact = values.reduce(0) { $0 + Normal(mean, mleVariance.squareRoot()).logPDF($1) } / Double(values.count)
        #expect(abs(fit.logLikelihood - exact) < 1e-6)
    }

    @Test func theCryptoRegimesComeBack() throws {
        // Seed 000: increments from σ = 10, 100, 1000 with probabilities 0.7, 0.25, 0.05.
        var g = Xoshiro256(seed: 6)
        let steps = Mixture(weights: [0.7, 0.25, 0.05], components: [Normal(0, 10), Normal(0, 100), Normal(0, 1000)])
            .sample(count: 20_000, using: &g)
        let fit = try GaussianMixture(fitting: Matrix(rows: steps.count, columns: 1, values: steps), components: 3,
                                      tolerance: 1e-6, maxIterations: 500, starts: 3, using: &g)
        let order = fit.standardDeviations.indices.sorted { fit.standardDeviations[$0] < fit.standardDeviations[$1] }
        for (c, (w, sd)) in zip(order, [(0.7, 10.0), (0.25, 100), (0.05, 1000)]) {
            #expect(abs(fit.weights[c] - w) < 0.02, "weight \(fit.weights[c]) vs \(w)")
            #expect(abs(fit.standardDeviations[c] / sd - 1) < 0.08, "σ \(fit.standardDeviations[c]) vs \(sd)")
        }
    }

    @Test func responsibilitiesAreProbabilities() throws {
        let x = try Self.sample(2000, seed: 7)
        var g = Xoshiro256(seed: 8)
        let fit = try GaussianMixture(fitting: x, components: 3, using: &g)
        let r = fit.responsibilities(x)
        for i in stride(from: 0, to: 2000, by: 97) {
            let row = r.row(i)
            #expect(abs(row.reduce(0, +) - 1) < 1e-12 && row.allSatisfy { $0 >= 0 })
        }
        // log p(x) is the log of Σ w N, computed the long way.
        let p = x.row(0)
        let direct = (0..<3).reduce(0.0) { s, c in
            s + fit.weights[c] * (try! MultivariateNormal(mean: fit.means[c], covariance: fit.covariances[c])).pdf(p)
        }
        #expect(abs(fit.logDensity(p) - log(direct)) < 1e-10)
    }
}
