import Foundation
import Testing
@testable import Stats

@Suite struct DistributionReferenceTests {
    static let cases = Reference.shared.continuous

    @Test(arguments: cases.indices)
    func matchesSciPy(_ index: Int) {
        let c = Self.cases[index]
        let d = Reference.distribution(c)
        let label = "\(c.name)\(c.params.map(\.double))"
        for (i, xv) in c.x.enumerated() {
            let x = xv.double
            // Log densities: relative 1e-12 (absolute near zero).
            #expect(close(d.logPDF(x), c.logpdf[i].double, 1e-12, scale: 1), "\(label) logPDF(\(x)) = \(d.logPDF(x)) vs \(c.logpdf[i].double)")
            // CDFs in the bulk: relative 1e-10.
            let cdf = c.cdf[i].double
            #expect(close(d.cdf(x), cdf, 1e-10, scale: 1e-300), "\(label) cdf(\(x)) = \(d.cdf(x)) vs \(cdf)")
            // Log CDF and log survival, the tails included: relative 1e-10.
            // Where SciPy underflows to −∞ the requirement is to stay finite.
            #expect(close(d.logCDF(x), c.logcdf[i].double, 1e-10) || (c.logcdf[i].double == -.infinity && d.logCDF(x) < -708),
                    "\(label) logCDF(\(x)) = \(d.logCDF(x)) vs \(c.logcdf[i].double)")
            #expect(close(d.logSurvival(x), c.logsf[i].double, 1e-10) || (c.logsf[i].double == -.infinity && d.logSurvival(x) < -708),
                    "\(label) logSurvival(\(x)) = \(d.logSurvival(x)) vs \(c.logsf[i].double)")
        }
        for (i, pv) in c.p.enumerated() {
            let p = pv.double
            #expect(close(d.quantile(p), c.ppf[i].double, 1e-10, scale: 1e-12), "\(label) quantile(\(p)) = \(d.quantile(p)) vs \(c.ppf[i].double)")
        }
        // SciPy reports an undefined mean (Student t with ν ≤ 1) as ∞; Stats says NaN.
        if !(c.mean.double.isInfinite && d.mean.isNaN) {
            #expect(close(d.mean, c.mean.double, 1e-12), "\(label) mean")
        }
        #expect(close(d.variance, c.var.double, 1e-10), "\(label) variance")
    }

    @Test func discreteMatchSciPy() {
        for c in Reference.shared.discrete {
            let p = c.params.map(\.double)
            let d: any DiscreteDistribution = c.name == "Binomial" ? Binomial(Int(p[0]), p[1]) : Poisson(p[0])
            for (i, k) in c.k.enumerated() {
                #expect(close(d.logPMF(k), c.logpmf[i].double, 1e-12), "\(c.name)\(p) logPMF(\(k)) = \(d.logPMF(k)) vs \(c.logpmf[i].double)")
                #expect(close(d.cdf(k), c.cdf[i].double, 1e-10, scale: 1e-300), "\(c.name)\(p) cdf(\(k)) = \(d.cdf(k)) vs \(c.cdf[i].double)")
            }
        }
    }

    @Test func tailsStayFinite() {
        #expect(close(Normal().logCDF(-40), -804.6084420137538, 1e-13))
        let far = TruncatedNormal(0, 1, lower: 10, upper: 12)
        #expect(far.logPDF(10.5).isFinite)
        #expect(far.quantile(0.5) > 10 && far.quantile(0.5) < 10.2)
        let tiny = TruncatedNormal(0, 1, lower: 40, upper: 41)
        #expect(tiny.logPDF(40.01).isFinite && tiny.logNormaliser.isFinite)
        #expect(tiny.mean > 40 && tiny.mean < 40.05)
    }
}

@Suite struct SpecialFunctionTests {
    let s = Reference.shared.special

    @Test func digamma() {
        for row in s["digamma"]! { #expect(close(Special.digamma(row[0].double), row[1].double, 1e-13), "ψ(\(row[0].double))") }
    }

    @Test func incompleteGamma() {
        for row in s["gammainc"]! {
            let (a, x) = (row[0].double, row[1].double)
            #expect(close(Special.gammaP(a, x), row[2].double, 1e-12, scale: 1e-300), "P(\(a), \(x)) = \(Special.gammaP(a, x)) vs \(row[2].double)")
            #expect(close(Special.gammaQ(a, x), row[3].double, 1e-12, scale: 1e-300), "Q(\(a), \(x)) = \(Special.gammaQ(a, x)) vs \(row[3].double)")
        }
        for row in s["gammaincinv"]! {
            let (a, p) = (row[0].double, row[1].double)
            #expect(close(Special.inverseGammaP(a, p), row[2].double, 1e-10), "P⁻¹(\(a), \(p)) = \(Special.inverseGammaP(a, p)) vs \(row[2].double)")
        }
    }

    @Test func incompleteBeta() {
        for row in s["betainc"]! {
            let (a, b, x) = (row[0].double, row[1].double, row[2].double)
            #expect(close(Special.betaI(a, b, x), row[3].double, 1e-11, scale: 1e-300), "I(\(a), \(b), \(x)) = \(Special.betaI(a, b, x)) vs \(row[3].double)")
        }
        for row in s["betaincinv"]! {
            let (a, b, p) = (row[0].double, row[1].double, row[2].double)
            #expect(close(Special.inverseBetaI(a, b, p), row[3].double, 1e-10), "I⁻¹(\(a), \(b), \(p)) = \(Special.inverseBetaI(a, b, p)) vs \(row[3].double)")
        }
    }

    @Test func errorFunctionsAndNormalQuantile() {
        for row in s["erf"]! {
            #expect(close(Special.erf(row[0].double), row[1].double, 1e-15, scale: 1e-300))
            #expect(close(Special.erfc(row[0].double), row[2].double, 1e-14, scale: 1e-300))
        }
        for row in s["erfinv"]! {
            #expect(close(Special.erfinv(row[0].double), row[1].double, 1e-14, scale: 1e-300), "erfinv(\(row[0].double)) = \(Special.erfinv(row[0].double)) vs \(row[1].double)")
        }
        for row in s["ndtri"]! {
            #expect(close(Normal.standardQuantile(row[0].double), row[1].double, 2e-15, scale: 1e-300), "Φ⁻¹(\(row[0].double)) = \(Normal.standardQuantile(row[0].double)) vs \(row[1].double)")
        }
        for row in s["log_ndtr"]! {
            // Far tails are ill-conditioned (relative error ≈ z² ε): 1e-12.
            #expect(close(Normal.standardLogCDF(row[0].double), row[1].double, 1e-12, scale: 1e-300), "log Φ(\(row[0].double)) = \(Normal.standardLogCDF(row[0].double)) vs \(row[1].double)")
        }
    }

    @Test func logSpaceHelpers() {
        for row in s["logsumexp"]! { #expect(close(logSumExp(row[0].list), row[1].double, 1e-15)) }
        #expect(close(logDiffExp(0, -1e-20), log(1e-20), 1e-12))
        #expect(close(log1pExp(800), 800, 1e-15))
        #expect(close(log1pExp(-800), 0, 1e-15, scale: 1e-300) || log1pExp(-800) < 1e-300)
        #expect(close(inverseLogit(logit(0.3)), 0.3, 1e-15))
        #expect(inverseLogit(-800) == exp(-800) && inverseLogit(800) == 1)
    }
}
