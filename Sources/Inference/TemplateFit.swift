import Foundation
import Stats

/// A template fit: binned counts nᵢ ~ Poisson(Σⱼ νⱼ tⱼᵢ), with known shapes tⱼ
/// (each normalised to sum 1) and fitted yields νⱼ. The maximum-likelihood
/// yields come from EM's multiplicative update νⱼ ← Σᵢ nᵢ νⱼtⱼᵢ/μᵢ, which
/// never lowers the likelihood and keeps yields ≥ 0; their covariance is
/// the inverse observed information Iⱼₖ = Σᵢ nᵢ tⱼᵢ tₖᵢ / μᵢ².
public struct TemplateFit: Sendable {
    /// Fitted yields (expected events) per template.
    public let yields: [Double]
    /// Their standard errors.
    public let errors: [Double]
    /// The yields' covariance, the inverse observed information I⁻¹.
    public let covariance: Matrix
    /// Fractions νⱼ / Σν.
    public var fractions: [Double] { let t = yields.reduce(0, +); return yields.map { $0 / t } }
    /// Expected counts per bin at the fit.
    public let expected: [Double]
    /// Σ nᵢ log μᵢ − μᵢ − log nᵢ!.
    public let logLikelihood: Double
    /// EM iterations taken.
    public let iterations: Int

    /// Fits `templates` (any normalisation; one array per shape) to `counts`.
    public init(counts: [Double], templates: [[Double]], tolerance: Double = 1e-10, maxIterations: Int = 100_000) throws {
        let bins = counts.count, k = templates.count
        guard k >= 1, templates.allSatisfy({ $0.count == bins }) else {
            throw FitError("template fit needs at least one template, each with \(bins) bins like the data")
        }
        let shapes = try templates.enumerated().map { j, t -> [Double] in
            let total = t.reduce(0, +)
            guard total > 0, t.allSatisfy({ $0 >= 0 }) else { throw FitError("template \(j) is empty or has negative bins") }
            return t.map { $0 / total }
        }
        let total = counts.reduce(0, +)
        guard total > 0 else { throw FitError("the data histogram is empty") }
        var nu = [Double](repeating: total / Double(k), count: k)
        var mu = [Double](repeating: 0, count: bins)
        func expectation() {
            for i in 0..<bins { mu[i] = (0..<k).reduce(0) { $0 + nu[$1] * shapes[$1][i] } }
        }
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            expectation()
            var next = [Double](repeating: 0, count: k)
            for j in 0..<k {
                for i in 0..<bins where counts[i] > 0 && mu[i] > 0 { next[j] += counts[i] * nu[j] * shapes[j][i] / mu[i] }
            }
            let change = zip(next, nu).map { abs($0 - $1) }.max()!
            nu = next
            if change < tolerance * total { break }
        }
        expectation()
        var information = Matrix(rows: k, columns: k)
        for a in 0..<k {
            for b in 0..<k {
                var s = 0.0
                for i in 0..<bins where mu[i] > 0 { s += counts[i] * shapes[a][i] * shapes[b][i] / (mu[i] * mu[i]) }
                information[a, b] = s
            }
        }
        guard let covariance = try? information.inverse() else {
            throw FitError("the templates are not distinguishable by the data (singular information): merge or drop one")
        }
        yields = nu
        self.covariance = covariance
        errors = (0..<k).map { max(0, covariance[$0, $0]).squareRoot() }
        expected = mu
        logLikelihood = (0..<bins).reduce(0) { s, i in
            s + (counts[i] > 0 ? counts[i] * log(mu[i]) : 0) - mu[i] - Special.logGamma(counts[i] + 1)
        }
        iterations = iteration
    }

    /// Σᵢ nᵢ log(Σⱼ fⱼ tⱼᵢ): the log likelihood of the mixture fractions fⱼ
    /// for binned events, with per-bin densities (or probabilities) tⱼᵢ of each
    /// component, up to a constant; the mixture is summed in template order,
    /// and empty bins add nothing. What a grid or a sampler over the fractions
    /// and the templates' parameters evaluates at every point: a loop the
    /// engine runs optimised. (The fit's own `logLikelihood` is the Poisson
    /// one of its yields, not of fractions.)
    public static func mixtureLogLikelihood(counts: [Double], templates: [[Double]], fractions: [Double]) -> Double {
        require(templates.count == fractions.count && !templates.isEmpty,
                "TemplateFit.mixtureLogLikelihood needs one fraction per template: \(templates.count) templates, \(fractions.count) fractions")
        require(templates.allSatisfy { $0.count == counts.count },
                "TemplateFit.mixtureLogLikelihood needs every template binned like the counts (\(counts.count) bins)")
        var total = 0.0
        for i in counts.indices where counts[i] > 0 {
            var mixture = fractions[0] * templates[0][i]
            for j in 1..<templates.count { mixture += fractions[j] * templates[j][i] }
            total += counts[i] * log(mixture)
        }
        return total
    }

    /// `mixtureLogLikelihood` of two templates, signal `s` and background
    /// `b`, at each signal fraction θ of `signalFractions`:
    /// Σᵢ nᵢ log(θ sᵢ + (1 − θ) bᵢ) for every θ in one pass over the bins (the
    /// same sums, in the same order, as one call per θ). What a grid over θ
    /// evaluates at each setting of the templates' own parameters.
    public static func mixtureLogLikelihoods(counts: [Double], signal: [Double], background: [Double],
                                             signalFractions: [Double]) -> [Double] {
        require(signal.count == counts.count && background.count == counts.count,
                "TemplateFit.mixtureLogLikelihoods needs the signal and background binned like the counts (\(counts.count) bins), not \(signal.count) and \(background.count)")
        var totals = [Double](repeating: 0, count: signalFractions.count)
        for i in counts.indices where counts[i] > 0 {
            for (c, theta) in signalFractions.enumerated() {
                totals[c] += counts[i] * log(theta * signal[i] + (1 - theta) * background[i])
            }
        }
        return totals
    }

    /// Fits template histograms to a data histogram (same binning).
    public init(data: Histogram, templates: [Histogram]) throws {
        guard templates.allSatisfy({ $0.bins == data.bins && $0.lower == data.lower && $0.upper == data.upper }) else {
            throw FitError("template histograms need the data's binning")
        }
        try self.init(counts: data.counts, templates: templates.map(\.counts))
    }
}
