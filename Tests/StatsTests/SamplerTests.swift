import Foundation
import Testing
@testable import Stats

/// Samplers against their own CDFs: with a fixed seed, a Kolmogorov–Smirnov
/// test at significance 0.001 (√n·D < 1.949) for continuous distributions and
/// a chi-square test at 0.001 for discrete ones, plus moments.
@Suite struct SamplerTests {
    static func ksStatistic(_ draws: [Double], _ d: any ContinuousDistribution) -> Double {
        let sorted = draws.sorted()
        let n = Double(sorted.count)
        var worst = 0.0
        for (i, x) in sorted.enumerated() {
            let f = d.cdf(x)
            worst = max(worst, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        return worst * n.squareRoot()
    }

    static let continuous: [(String, any ContinuousDistribution)] = [
        ("Normal", Normal(125, 3)), ("Exponential", Exponential(rate: 0.05)),
        ("TruncatedExponential", TruncatedExponential(rate: 0.05, lower: 100, upper: 150)),
        ("TruncatedNormal wide", TruncatedNormal(125, 3, lower: 100, upper: 150)),
        ("TruncatedNormal far tail", TruncatedNormal(0, 1, lower: 10, upper: 12)),
        ("Uniform", Uniform(-1, 3)), ("Beta(2,2)", Beta(2, 2)), ("Beta(0.3,0.5)", Beta(0.3, 0.5)),
        ("Beta(47,7)", Beta(47, 7)), ("Gamma(0.5)", Gamma(shape: 0.5)), ("Gamma(7, 2)", Gamma(shape: 7, rate: 2)),
        ("Cauchy", Cauchy(1, 2)), ("HalfCauchy", HalfCauchy(0, 5)), ("HalfNormal", HalfNormal(2)),
        ("StudentT", StudentT(3, 1, 2)), ("LogNormal", LogNormal(0.3, 0.8)), ("ChiSquared", ChiSquared(4)),
        ("Mixture", Mixture(weights: [0.7, 0.25, 0.05], components: [Normal(0, 10), Normal(0, 100), Normal(0, 1000)])),
    ]

    @Test(arguments: continuous.indices)
    func continuousDrawsFollowTheirCDF(_ i: Int) {
        let (name, d) = Self.continuous[i]
        var g = Xoshiro256(seed: 20_261_123 + UInt64(i))
        let draws = d.sample(count: 50_000, using: &g)
        let ks = Self.ksStatistic(draws, d)
        #expect(ks < 1.949, "\(name): √n·D = \(ks)")
        if d.variance.isFinite {
            // The sample mean within 5 standard errors.
            #expect(abs(draws.mean - d.mean) < 5 * (d.variance / 50_000).squareRoot(), "\(name) mean \(draws.mean) vs \(d.mean)")
        }
    }

    static func chiSquare(_ draws: [Int], _ d: any DiscreteDistribution, range: ClosedRange<Int>) -> (statistic: Double, dof: Int) {
        var counts = [Int: Int]()
        for k in draws { counts[min(max(k, range.lowerBound), range.upperBound), default: 0] += 1 }
        let n = Double(draws.count)
        var stat = 0.0
        for k in range {
            var p = d.pmf(k)
            if k == range.lowerBound { p = d.cdf(k) }
            if k == range.upperBound { p = 1 - d.cdf(k - 1) }
            let expected = n * p
            let observed = Double(counts[k] ?? 0)
            stat += (observed - expected) * (observed - expected) / expected
        }
        return (stat, range.count - 1)
    }

    @Test func discreteDrawsFollowTheirPMF() {
        let cases: [(String, any DiscreteDistribution, ClosedRange<Int>)] = [
            ("Binomial(50, 0.9)", Binomial(50, 0.9), 38...50),
            ("Binomial(10000, 0.3)", Binomial(10_000, 0.3), 2900...3100),
            ("Poisson(3)", Poisson(3), 0...10),
            ("Poisson(120)", Poisson(120), 95...145),
            ("Categorical", Categorical([0.7, 0.25, 0.05]), 0...2),
            ("Bernoulli", Bernoulli(0.3), 0...1),
        ]
        for (i, (name, d, range)) in cases.enumerated() {
            var g = Xoshiro256(seed: 77 + UInt64(i))
            let draws = (0..<100_000).map { _ in d.sample(using: &g) }
            let (stat, dof) = Self.chiSquare(draws, d, range: range)
            let critical = ChiSquared(Double(dof)).quantile(0.999)
            #expect(stat < critical, "\(name): χ² = \(stat) with \(dof) dof, critical \(critical)")
        }
    }

    @Test func dirichletAndMultivariateNormalMoments() throws {
        var g = Xoshiro256(seed: 5)
        let dir = Dirichlet([0.5, 2, 7.5])
        let draws = (0..<40_000).map { _ in dir.sample(using: &g) }
        for k in 0..<3 {
            let column = draws.map { $0[k] }
            #expect(abs(column.mean - dir.mean[k]) < 5 * (dir.variance[k] / 40_000).squareRoot())
            #expect(abs(column.variance - dir.variance[k]) < 0.05 * dir.variance[k])
        }
        #expect(draws.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })

        let multinomial = Multinomial(50, [0.7, 0.25, 0.05])
        let counts = (0..<20_000).map { _ in multinomial.sample(using: &g) }
        #expect(counts.allSatisfy { $0.reduce(0, +) == 50 })
        for k in 0..<3 {
            let column = counts.map { Double($0[k]) }
            let p = multinomial.probabilities[k]
            #expect(abs(column.mean - 50 * p) < 5 * (50 * p * (1 - p) / 20_000).squareRoot(), "multinomial mean \(k)")
        }
        #expect(close(multinomial.logPMF([35, 12, 3]), -3.5437348087602913, 1e-12))

        let mvn = try MultivariateNormal(mean: [0, 1], covariance: Matrix([[1, 0.7], [0.7, 2]]))
        #expect(close(mvn.logPDF([0.3, 0.5]), -2.2558524216240867, 1e-13))
        let x = mvn.sample(count: 100_000, using: &g)
        let cov = covarianceMatrix([x.column(0), x.column(1)])
        #expect(abs(cov[0, 0] - 1) < 0.02 && abs(cov[0, 1] - 0.7) < 0.02 && abs(cov[1, 1] - 2) < 0.04, "\(cov)")
        #expect(abs(x.column(1).mean - 1) < 0.02)
    }

    @Test func generatorIsTheReferenceXoshiro() {
        var g = Xoshiro256(seed: 0)
        (g.s0, g.s1, g.s2, g.s3) = (1, 2, 3, 4)
        #expect((0..<4).map { _ in g.next() } == [41_943_041, 58_720_359, 3_588_806_011_781_223, 3_591_011_842_654_386])
        // Same seed, same stream; streams after jumps differ.
        var a = Xoshiro256(seed: 9), b = Xoshiro256(seed: 9)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var s0 = Xoshiro256(seed: 9).stream(0), s1 = Xoshiro256(seed: 9).stream(1)
        #expect(s0.next() != s1.next())
        LectureRandom.seed(3)
        let first = Normal().sample(count: 3)
        LectureRandom.seed(3)
        #expect(Normal().sample(count: 3) == first)
    }

    /// Bulk draws with `using: &rng` take the shared stream's lock once and
    /// draw the same numbers as the stream itself would (and as one draw at
    /// a time through `rng`). Other tests may draw from the shared stream
    /// meanwhile, so a mismatch is tried again.
    @Test func bulkDrawsThroughRngAreTheStreamsOwn() {
        func same(_ draw: (inout LectureRandom) -> [Double], _ reference: (inout Xoshiro256) -> [Double]) -> Bool {
            for _ in 0..<5 {
                var copy = LectureRandom.withGenerator { $0 }
                var shared = rng
                if draw(&shared) == reference(&copy) { return true }
            }
            return false
        }
        #expect(same({ Normal(2, 3).sample(count: 1000, using: &$0) }, { Normal(2, 3).sample(count: 1000, using: &$0) }))
        #expect(same({ Exponential(rate: 2).sample(count: 1000, using: &$0) }, { Exponential(rate: 2).sample(count: 1000, using: &$0) }))
        #expect(same({ Beta(2, 5).sample(count: 300, using: &$0) }, { Beta(2, 5).sample(count: 300, using: &$0) }))
        #expect(same({ g in Poisson(3).sample(count: 300, using: &g).map(Double.init) }, { g in Poisson(3).sample(count: 300, using: &g).map(Double.init) }))
        // One at a time through rng: the same stream.
        #expect(same({ g in (0..<200).map { _ in Normal().sample(using: &g) } }, { Normal().sample(count: 200, using: &$0) }))
    }
}

@Suite struct LinearAlgebraAndSummaryTests {
    @Test func matrixOperations() throws {
        let a = Matrix([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]])
        let l = try a.cholesky()
        let back = l * l.transposed
        for (x, y) in zip(back.values, a.values) { #expect(abs(x - y) < 1e-13) }
        #expect(l[0, 1] == 0 && l[0, 2] == 0 && l[1, 2] == 0)
        let x = try a.solve([1, 2, 3])
        for (y, b) in zip(a * x, [1.0, 2, 3]) { #expect(abs(y - b) < 1e-13) }
        let inverse = try a.inverse()
        let identity = a * inverse
        for i in 0..<3 { for j in 0..<3 { #expect(abs(identity[i, j] - (i == j ? 1 : 0)) < 1e-13) } }
        let (values, vectors) = try a.symmetricEigen()
        #expect(values == values.sorted())
        for k in 0..<3 {
            let v = vectors.column(k)
            for (av, lv) in zip(a * v, v.map { $0 * values[k] }) { #expect(abs(av - lv) < 1e-12) }
        }
        #expect(close(try a.logDeterminantSPD(), log(44.6), 1e-14))
        #expect(throws: MatrixError.self) { _ = try Matrix([[1, 2], [2, 1]]).cholesky() }
        #expect(throws: MatrixError.self) { _ = try Matrix([[1, 2], [2, 4]]).solve([1, 1]) }
        #expect(throws: MatrixError.self) { _ = try Matrix(rows: 2, columns: 3).cholesky() }
    }

    @Test func descriptiveStatisticsMatchNumPy() {
        let xs: [Double] = [2.5, 1, 7, 3.25, 4, 4, 9.5]
        #expect(close(xs.mean, 4.464285714285714, 1e-15))
        #expect(close(xs.variance, 8.258928571428571, 1e-14))   // numpy var(ddof=1)
        #expect(close(xs.quantile(0.25), 2.875, 1e-15))        // numpy quantile (linear)
        #expect(xs.median == 4)
        #expect(close([1.0, 2, 3].weightedMean(weights: [1, 1, 2]), 2.25, 1e-15))
        #expect(close(xs.weightedVariance(weights: Array(repeating: 2, count: 7)), xs.variance, 1e-14))
        let corr = correlationMatrix([[1, 2, 3, 4], [2, 4.1, 5.9, 8.2]])
        #expect(close(corr[0, 1], 0.9989922980237592, 1e-12))
        #expect(close(corr[0, 0], 1, 1e-15))
    }

    @Test func histogramsAndROC() {
        var h = Histogram(bins: 4, range: 0...2)
        h.fill([-1, 0, 0.49, 0.5, 1.99, 2, 5, .nan])
        #expect(h.counts == [2, 1, 0, 1])
        #expect(h.underflow == 1 && h.overflow == 2)
        #expect(close(zip(h.density, Array(repeating: h.binWidth, count: 4)).reduce(0) { $0 + $1.0 * $1.1 }, 1, 1e-15))
        var w = Histogram(bins: 2, range: 0...1)
        w.fill([0.1, 0.6, 0.7], weights: [2, 0.5, 0.5])
        #expect(w.counts == [2, 1])
        let h2 = Histogram2D(x: [0.1, 0.9, 0.9, 3], y: [0.1, 0.1, 0.9, 0], xBins: 2, xRange: 0...1, yBins: 2, yRange: 0...1)
        #expect(h2[0, 0] == 1 && h2[1, 0] == 1 && h2[1, 1] == 1 && h2.outside == 1)

        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        let roc = ROCCurve(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true])
        #expect(close(roc.area, 0.75, 1e-15))
        let perfect = ROCCurve(scores: [0.9, 0.8, 0.2, 0.1], labels: [true, true, false, false])
        #expect(perfect.area == 1)
        // From histograms of two unit normals 1σ apart: AUC = Φ(1/√2) ≈ 0.7602.
        var g = Xoshiro256(seed: 1)
        let s = Histogram(Normal(1, 1).sample(count: 400_000, using: &g), bins: 500, range: -6...7)
        let b = Histogram(Normal(0, 1).sample(count: 400_000, using: &g), bins: 500, range: -6...7)
        #expect(abs(ROCCurve(signal: s, background: b).area - Normal.standardCDF(1 / 2.0.squareRoot())) < 0.003)
    }

    @Test func conjugateUpdatesAndIntervals() {
        let posterior = Beta(2, 2).updated(successes: 45, trials: 50)
        #expect(posterior == Beta(47, 7))
        #expect(close(posterior.mean, 47.0 / 54, 1e-15))
        let et = posterior.equalTailedInterval(mass: 0.95)
        #expect(close(posterior.cdf(et.lower), 0.025, 1e-10) && close(posterior.cdf(et.upper), 0.975, 1e-10))
        let hdi = posterior.highestDensityInterval(mass: 0.95)
        #expect(hdi.width < et.width)
        #expect(close(posterior.cdf(hdi.upper) - posterior.cdf(hdi.lower), 0.95, 1e-9))
        #expect(close(posterior.pdf(hdi.lower), posterior.pdf(hdi.upper), 1e-4))
        #expect(Dirichlet([1, 1, 1]).updated(counts: [3, 0, 5]).alpha == [4, 1, 6])
        #expect(Gamma(shape: 2, rate: 1).updated(poissonCounts: [3, 4, 5]) == Gamma(shape: 14, rate: 4))
        // Prior N(0, 2²), four observations with σ = 1: precision 1/4 + 4 = 4.25, mean (0 + 10)/4.25.
        let mean = Normal(0, 2).updatedMean(observations: [2, 3, 2.5, 2.5], knownSigma: 1)
        #expect(close(mean.mu, 10 / 4.25, 1e-15) && close(mean.sigma, (1 / 4.25).squareRoot(), 1e-15))
    }
}
