import Foundation
import Stats
import Testing
@testable import Inference

@Suite struct PointEstimateTests {
    /// With flat priors the MAP of a line with normal errors is least squares.
    @Test func mapOfALineIsLeastSquares() throws {
        var g = Xoshiro256(seed: 2)
        let x = (0..<50).map { Double($0) / 5 }
        let y = x.map { 1.5 * $0 - 2 + Normal(0, 0.7).sample(using: &g) }
        let model = Model { m in
            let slope = m.real("m"), intercept = m.real("b")
            let sigma = m.positive("σ")
            m.add(LogDensity.normal(y, mean: slope * x + intercept, sd: sigma).sum())
        }
        let fit = try model.optimize()
        let (mx, my) = (x.mean, y.mean)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }, sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let slope = sxy / sxx, intercept = my - slope * mx
        let residual = zip(x, y).reduce(0) { $0 + pow($1.1 - slope * $1.0 - intercept, 2) } / 50
        #expect(abs(fit["m"] - slope) < 1e-6)
        #expect(abs(fit["b"] - intercept) < 1e-6)
        #expect(abs(fit["σ"] - residual.squareRoot()) < 1e-6)
        // The slope's standard error: σ̂/√Sxx.
        let sd = try fit.standardDeviations()
        #expect(abs(sd["m"]! / (residual.squareRoot() / sxx.squareRoot()) - 1) < 0.05)
    }

    /// A normal posterior is its own Laplace approximation.
    @Test func laplaceOfAGaussianPosteriorIsExact() throws {
        let y = [1.2, 0.4, 2.2, 1.9, 0.8]
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(0, 3))
            m.add(LogDensity.normal(y, mean: mu, sd: Real(2)).sum())
        }
        let fit = try model.laplace()
        let precision = 1.0 / 9 + 5.0 / 4
        #expect(abs(fit["μ"] - y.reduce(0, +) / 4 / precision) < 1e-7)
        #expect(abs(fit.covariance[0, 0] - 1 / precision) < 1e-6)
    }

    /// Beta(47, 7) posterior: the MAP is its mode (a − 1)/(a + b − 2).
    @Test func mapOfABetaPosterior() throws {
        let model = Model { m in
            let p = m.real("p", in: 0...1, prior: Beta(2, 2))
            m.add(LogDensity.binomial(successes: 45, trials: 50, probability: p))
        }
        #expect(abs(try model.optimize()["p"] - 46.0 / 52) < 1e-7)
    }
}

@Suite struct TemplateFitTests {
    static let signal = (0..<20).map { i in Normal(10, 2).pdf(Double(i) + 0.5) }
    static let background = (0..<20).map { i in Exponential(rate: 0.15).pdf(Double(i) + 0.5) }

    @Test func exactCountsGiveExactYields() throws {
        let s = Self.signal.map { $0 / Self.signal.reduce(0, +) }, b = Self.background.map { $0 / Self.background.reduce(0, +) }
        let counts = zip(s, b).map { 300 * $0 + 700 * $1 }
        let fit = try TemplateFit(counts: counts, templates: [Self.signal, Self.background])
        #expect(abs(fit.yields[0] - 300) < 1e-5)
        #expect(abs(fit.yields[1] - 700) < 1e-5)
        #expect(abs(fit.fractions[0] - 0.3) < 1e-8)
    }

    /// Pulls (ν̂ − ν)/σ̂ over Poisson replicas have mean 0 and width 1.
    @Test func errorsCoverThePoissonSpread() throws {
        var g = Xoshiro256(seed: 9)
        let s = Self.signal.map { $0 / Self.signal.reduce(0, +) }, b = Self.background.map { $0 / Self.background.reduce(0, +) }
        let pulls = try (0..<400).map { _ -> Double in
            let counts = zip(s, b).map { Double(Poisson(200 * $0 + 800 * $1).sample(using: &g)) }
            let fit = try TemplateFit(counts: counts, templates: [Self.signal, Self.background])
            return (fit.yields[0] - 200) / fit.errors[0]
        }
        #expect(abs(pulls.mean) < 0.15)
        #expect(abs(pulls.standardDeviation - 1) < 0.1)
    }

    /// Σ nᵢ log(Σⱼ fⱼ tⱼᵢ), term by term, with empty bins left out; the fit's
    /// fractions (shapes normalised) are where it peaks.
    @Test func theFractionsLogLikelihoodPeaksAtTheFit() throws {
        let s = Self.signal.map { $0 / Self.signal.reduce(0, +) }, b = Self.background.map { $0 / Self.background.reduce(0, +) }
        var g = Xoshiro256(seed: 4)
        var counts = zip(s, b).map { Double(Poisson(250 * $0 + 750 * $1).sample(using: &g)) }
        counts[19] = 0
        let value = TemplateFit.mixtureLogLikelihood(counts: counts, templates: [s, b], fractions: [0.3, 0.7])
        var direct = 0.0
        for i in counts.indices where counts[i] > 0 { direct += counts[i] * log(0.3 * s[i] + 0.7 * b[i]) }
        #expect(value == direct)
        let three = TemplateFit.mixtureLogLikelihood(counts: counts, templates: [s, b, s], fractions: [0.1, 0.7, 0.2])
        #expect(abs(three - value) < 1e-9 * abs(value))
        let fitted = try TemplateFit(counts: counts, templates: [s, b]).fractions[0]
        func at(_ f: Double) -> Double { TemplateFit.mixtureLogLikelihood(counts: counts, templates: [s, b], fractions: [f, 1 - f]) }
        #expect(at(fitted) > at(fitted - 0.01) && at(fitted) > at(fitted + 0.01))
    }

    /// The row-at-once form gives, bit for bit, what one call per fraction gives.
    @Test func aRowOfFractionsMatchesOneCallEach() {
        let s = Self.signal.map { $0 / Self.signal.reduce(0, +) }, b = Self.background.map { $0 / Self.background.reduce(0, +) }
        var g = Xoshiro256(seed: 5)
        var counts = zip(s, b).map { Double(Poisson(100 * $0 + 900 * $1).sample(using: &g)) }
        counts[3] = 0
        let fractions = [1e-9, 0.013, 0.1, 0.37, 0.5, 0.999]
        let row = TemplateFit.mixtureLogLikelihoods(counts: counts, signal: s, background: b, signalFractions: fractions)
        let each = fractions.map { TemplateFit.mixtureLogLikelihood(counts: counts, templates: [s, b], fractions: [$0, 1 - $0]) }
        #expect(row == each)
        #expect(TemplateFit.mixtureLogLikelihoods(counts: counts, signal: s, background: b, signalFractions: []).isEmpty)
    }

    @Test func mismatchedBinningIsAnError() {
        #expect(throws: FitError.self) { try TemplateFit(counts: [1, 2, 3], templates: [[1, 1]]) }
    }
}
