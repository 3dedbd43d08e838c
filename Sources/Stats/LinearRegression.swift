import Foundation

/// Ordinary (or weighted) least squares with an intercept, and the summary a
/// statistician reads: standard errors, t and p values, confidence intervals,
/// R², the F test, log-likelihood, AIC and BIC, computed as statsmodels'
/// `OLS`/`WLS` computes them (checked against it in the tests).
///
///     let fit = try LinearRegression(y, ["x": x, "x2": x2])
///     fit.coefficients          // [intercept, x, x2]
///     show(fit)                 // the coefficient table
///
/// The fit is a QR decomposition of the design matrix X (LAPACK's dgeqrf):
/// β = R⁻¹Qᵀy, and Cov(β) = σ̂²(XᵀX)⁻¹ = σ̂² R⁻¹R⁻ᵀ with σ̂² = Σwᵢeᵢ²/(n − p).
public struct LinearRegression: Sendable {
    /// "Intercept", then the columns in the order given.
    public let names: [String]
    /// β: the intercept first, then one per column.
    public let coefficients: [Double]
    /// √diag(σ̂²(XᵀWX)⁻¹).
    public let standardErrors: [Double]
    /// β / standard error.
    public let tValues: [Double]
    /// Two-sided P(|T| ≥ |t|) with n − p degrees of freedom.
    public let pValues: [Double]
    /// The 95 % intervals β ± t₀.₉₇₅ · standard error.
    public let confidenceIntervals: [ClosedRange<Double>]
    /// yᵢ − ŷᵢ.
    public let residuals: [Double]
    /// ŷᵢ = xᵢβ.
    public let fittedValues: [Double]
    /// 1 − SSR/SST, SST about the (weighted) mean of y.
    public let rSquared: Double
    /// 1 − (1 − R²)(n − 1)/(n − p).
    public let adjustedRSquared: Double
    /// (SST − SSR)/(p − 1) ÷ SSR/(n − p): all slopes zero against the fit (NaN without columns).
    public let fStatistic: Double
    /// P(F ≥ fStatistic) for F(p − 1, n − p).
    public let fPValue: Double
    /// σ̂² = SSR/(n − p), the residuals' variance.
    public let scale: Double
    /// The Gaussian log-likelihood at β, σ² = SSR/n (plus ½Σlog wᵢ with weights).
    public let logLikelihood: Double
    /// −2 log L + 2p.
    public let aic: Double
    /// −2 log L + p log n.
    public let bic: Double
    /// n, the number of observations.
    public let observations: Int
    /// n − p.
    public let residualDegreesOfFreedom: Int

    /// Fits `y` on the named columns (order kept) with an intercept;
    /// `weights` make it weighted least squares (statsmodels' `WLS`).
    /// Throws when the lengths differ, a value is not finite, a weight is not
    /// positive, there are no more observations than coefficients, or the
    /// columns are collinear.
    public init(_ y: [Double], _ columns: KeyValuePairs<String, [Double]>, weights: [Double]? = nil) throws {
        let n = y.count, p = columns.count + 1
        let names = ["Intercept"] + columns.map(\.key)
        for (name, column) in columns where column.count != n {
            throw RegressionError("column '\(name)' has \(column.count) values and y has \(n); give every column one value per observation")
        }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw RegressionError("the column name '\(duplicate)' appears twice; name each column once")
        }
        guard n > p else {
            throw RegressionError("\(n) observations cannot fit \(p) coefficients; a regression needs more observations than coefficients")
        }
        let w = weights ?? [Double](repeating: 1, count: n)
        guard w.count == n else { throw RegressionError("weights has \(w.count) values and y has \(n); give one weight per observation") }
        if let bad = w.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw RegressionError("weight \(bad) is \(w[bad]); weights must be positive and finite")
        }
        if let bad = y.firstIndex(where: { !$0.isFinite }) { throw RegressionError("y[\(bad)] is \(y[bad]); remove or fill missing values first") }
        for (name, column) in columns {
            if let bad = column.firstIndex(where: { !$0.isFinite }) {
                throw RegressionError("\(name)[\(bad)] is \(column[bad]); remove or fill missing values first")
            }
        }
        // Rows of √w·[1, x₁, …] and √w·y.
        let root = w.map { $0.squareRoot() }
        var design = [Double](repeating: 0, count: n * p)
        for i in 0..<n { design[i * p] = root[i] }
        for (j, (_, column)) in columns.enumerated() {
            for i in 0..<n { design[i * p + j + 1] = root[i] * column[i] }
        }
        var rotated = zip(root, y).map { $0 * $1 }
        var tau = [Double](repeating: 0, count: p)
        let qr = design.withUnsafeMutableBufferPointer { a in
            tau.withUnsafeMutableBufferPointer { BLAS.geqrf(a.baseAddress!, $0.baseAddress!, rows: n, columns: p) }
        }
        let applied = design.withUnsafeBufferPointer { a in
            tau.withUnsafeBufferPointer { t in
                rotated.withUnsafeMutableBufferPointer { BLAS.ormqrTransposed(a.baseAddress!, t.baseAddress!, $0.baseAddress!, rows: n, columns: p) }
            }
        }
        guard qr == 0, applied == 0 else { throw RegressionError("LAPACK could not factor the design matrix (info \(qr), \(applied))") }
        func r(_ i: Int, _ j: Int) -> Double { design[i * p + j] }
        let largest = (0..<p).map { abs(r($0, $0)) }.max() ?? 0
        if let flat = (0..<p).first(where: { abs(r($0, $0)) <= 1e-10 * largest }) {
            throw RegressionError("the columns are collinear: '\(names[flat])' is (nearly) a combination of the ones before it; drop it or combine them")
        }
        // β = R⁻¹ (Qᵀy)[0..<p] by back substitution; R⁻¹ column by column.
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = rotated[i]
            for j in (i + 1)..<p { s -= r(i, j) * beta[j] }
            beta[i] = s / r(i, i)
        }
        var inverse = [Double](repeating: 0, count: p * p)   // R⁻¹, upper triangular
        for k in 0..<p {
            for i in stride(from: k, through: 0, by: -1) {
                var s = i == k ? 1.0 : 0.0
                for j in stride(from: i + 1, through: k, by: 1) { s -= r(i, j) * inverse[j * p + k] }
                inverse[i * p + k] = s / r(i, i)
            }
        }
        let fitted = Self.linear(beta, columns.map(\.value), count: n)
        let residuals = zip(y, fitted).map { $0 - $1 }
        let ssr = zip(w, residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let weightSum = w.reduce(0, +)
        let yMean = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / weightSum
        let sst = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - yMean) * ($1.1 - yMean) }
        let dfResid = n - p, dfModel = p - 1
        let scale = ssr / Double(dfResid)
        var errors = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = 0.0
            for k in i..<p { s += inverse[i * p + k] * inverse[i * p + k] }   // (R⁻¹R⁻ᵀ)ᵢᵢ
            errors[i] = (scale * s).squareRoot()
        }
        let nu = Double(dfResid)
        let t = zip(beta, errors).map { $0 / $1 }
        let tCritical = StudentT(nu).quantile(0.975)
        self.names = names
        coefficients = beta
        standardErrors = errors
        tValues = t
        pValues = t.map { Special.betaI(nu / 2, 0.5, nu / (nu + $0 * $0)) }
        confidenceIntervals = zip(beta, errors).map { ($0 - tCritical * $1)...($0 + tCritical * $1) }
        self.residuals = residuals
        fittedValues = fitted
        rSquared = 1 - ssr / sst
        adjustedRSquared = 1 - (1 - rSquared) * Double(n - 1) / nu
        if dfModel > 0 {
            let f = ((sst - ssr) / Double(dfModel)) / (ssr / nu)
            fStatistic = f
            fPValue = Special.betaI(nu / 2, Double(dfModel) / 2, nu / (nu + Double(dfModel) * f))
        } else {
            fStatistic = .nan
            fPValue = .nan
        }
        self.scale = scale
        let half = Double(n) / 2
        logLikelihood = -half * log(2 * Double.pi) - half * log(ssr / Double(n)) - half + 0.5 * w.reduce(0) { $0 + log($1) }
        aic = -2 * logLikelihood + 2 * Double(p)
        bic = -2 * logLikelihood + Double(p) * log(Double(n))
        observations = n
        residualDegreesOfFreedom = dfResid
    }

    /// ŷ for new values of the columns, named as in the fit (every one of
    /// them, the same number of values each).
    public func predict(_ columns: KeyValuePairs<String, [Double]>) -> [Double] {
        let given = Dictionary(columns.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let needed = Array(names.dropFirst())
        let missing = needed.filter { given[$0] == nil }
        require(missing.isEmpty, "predict needs the columns \(needed.map { "'\($0)'" }.joined(separator: ", ")); missing \(missing.map { "'\($0)'" }.joined(separator: ", "))")
        let n = given[needed.first ?? ""]?.count ?? columns.first?.value.count ?? 0
        require(needed.allSatisfy { given[$0]!.count == n }, "predict needs the same number of values in every column")
        return Self.linear(coefficients, needed.map { given[$0]! }, count: n)
    }

    /// β₀ + Σⱼ βⱼ xⱼᵢ for each of the `count` rows of `columns`.
    private static func linear(_ beta: [Double], _ columns: [[Double]], count: Int) -> [Double] {
        (0..<count).map { i in
            var s = beta[0]
            for (j, column) in columns.enumerated() { s += beta[j + 1] * column[i] }
            return s
        }
    }
}

/// Why a regression could not be fitted.
public struct RegressionError: Error, CustomStringConvertible, Sendable {
    /// What was wrong and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
