import Foundation
import Testing
@testable import Stats

/// `LinearRegression` against statsmodels' `OLS` and `WLS` on the same data
/// (Fixtures/make_regression.py): every number of the summary to 1e-10.
@Suite struct LinearRegressionTests {
    struct Case: Decodable {
        var name: String
        var y: [Double]
        var names: [String]
        var columns: [[Double]]
        var weights: [Double]?
        var params, bse, tvalues, pvalues, ci_low, ci_high, resid, fitted, predict: [Double]
        var predict_x: [[Double]]
        var rsquared, rsquared_adj, fvalue, f_pvalue, scale, llf, aic, bic: Double
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "Fixtures/regression", withExtension: "json")!
        return try! JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }()

    static func close(_ a: Double, _ b: Double, _ what: String, _ name: String, tolerance: Double = 1e-10) {
        let scale = max(1, abs(b))
        #expect(abs(a - b) <= tolerance * scale, "\(name) \(what): \(a) against statsmodels' \(b)")
    }

    static func columns(_ c: Case, _ values: [[Double]]) -> KeyValuePairs<String, [Double]> {
        // KeyValuePairs has no initialiser from an array: build the literal by count.
        switch values.count {
        case 1: return [c.names[0]: values[0]]
        case 2: return [c.names[0]: values[0], c.names[1]: values[1]]
        default: fatalError("add a case for \(values.count) columns")
        }
    }

    @Test(arguments: cases.map(\.name))
    func matchesStatsmodels(name: String) throws {
        let c = Self.cases.first { $0.name == name }!
        let fit = try LinearRegression(c.y, Self.columns(c, c.columns), weights: c.weights)
        #expect(fit.names == ["Intercept"] + c.names)
        for (what, ours, theirs) in [("params", fit.coefficients, c.params), ("bse", fit.standardErrors, c.bse),
                                     ("t", fit.tValues, c.tvalues), ("p", fit.pValues, c.pvalues),
                                     ("ci low", fit.confidenceIntervals.map(\.lowerBound), c.ci_low),
                                     ("ci high", fit.confidenceIntervals.map(\.upperBound), c.ci_high),
                                     ("residuals", fit.residuals, c.resid), ("fitted", fit.fittedValues, c.fitted)] {
            #expect(ours.count == theirs.count)
            for (a, b) in zip(ours, theirs) { Self.close(a, b, what, name) }
        }
        for (what, a, b) in [("R²", fit.rSquared, c.rsquared), ("adjusted R²", fit.adjustedRSquared, c.rsquared_adj),
                             ("F", fit.fStatistic, c.fvalue), ("scale", fit.scale, c.scale), ("llf", fit.logLikelihood, c.llf),
                             ("AIC", fit.aic, c.aic), ("BIC", fit.bic, c.bic)] {
            Self.close(a, b, what, name)
        }
        // A p value near 10⁻¹⁰⁰ is compared in logs (its absolute size is below any tolerance).
        if c.f_pvalue > 1e-300 { #expect(abs(log(fit.fPValue) - log(c.f_pvalue)) < 1e-8, "\(name) F p: \(fit.fPValue) against \(c.f_pvalue)") }
        let predicted = fit.predict(Self.columns(c, c.predict_x))
        for (a, b) in zip(predicted, c.predict) { Self.close(a, b, "predict", name) }
    }

    @Test func badInputThrowsWithAReason() {
        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        let x: [Double] = [1, 2, 3, 4]
        #expect(reason { _ = try LinearRegression([1, 2, 3], ["x": x]) }.contains("column 'x' has 4 values and y has 3"))
        #expect(reason { _ = try LinearRegression([1, 2], ["x": [1, 2]]) }.contains("2 observations cannot fit 2 coefficients"))
        #expect(reason { _ = try LinearRegression([1, 2, 3, 5], ["x": x, "twice": x.map { 2 * $0 }]) }
            .contains("the columns are collinear: 'twice'"))
        #expect(reason { _ = try LinearRegression([1, .nan, 3, 5], ["x": x]) }.contains("y[1] is nan"))
        #expect(reason { _ = try LinearRegression([1, 2, 3, 5], ["x": x], weights: [1, 0, 1, 1]) }.contains("weight 1 is 0.0"))
    }
}
