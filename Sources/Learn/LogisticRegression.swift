import Foundation
import Stats

/// Logistic regression p(signal | x) = σ(b + w·x), fitted by maximum likelihood
/// with Newton's method (iteratively reweighted least squares) and an optional
/// L2 penalty λ‖w‖²/2 on the weights.
public struct LogisticRegression: Classifier, Sendable {
    /// w, one weight per column of x.
    public private(set) var weights: [Double]
    /// b, the intercept.
    public private(set) var intercept: Double
    /// Newton iterations used.
    public private(set) var iterations = 0

    /// Fits b and w by Newton's method on the (L2-penalised) log-likelihood until the step is below `tolerance` or `maxIterations` are used; throws when the Hessian cannot be solved (a column that is constant or copies another, with no `l2`).
    ///
    ///     let model = try LogisticRegression(fitting: x, labels)
    ///     let p = model.probability(xTest)
    public init(fitting x: Matrix, _ labels: [Bool], l2: Double = 0, maxIterations: Int = 100, tolerance: Double = 1e-10) throws {
        require(x.rows == labels.count, "x has \(x.rows) rows but there are \(labels.count) labels")
        let d = x.columns + 1
        var beta = [Double](repeating: 0, count: d)
        for iteration in 1...maxIterations {
            var gradient = [Double](repeating: 0, count: d)
            var hessian = Matrix(rows: d, columns: d)
            var row = [Double](repeating: 1, count: d)
            for i in 0..<x.rows {
                for j in 0..<x.columns { row[j + 1] = x.values[i * x.columns + j] }
                var z = 0.0
                for j in 0..<d { z += beta[j] * row[j] }
                let p = 1 / (1 + exp(-z)), w = max(p * (1 - p), 1e-12)
                let residual = (labels[i] ? 1 : 0) - p
                for j in 0..<d {
                    gradient[j] += residual * row[j]
                    for k in j..<d { hessian.values[j * d + k] += w * row[j] * row[k] }
                }
            }
            for j in 0..<d { for k in 0..<j { hessian.values[j * d + k] = hessian.values[k * d + j] } }
            for j in 1..<d {
                gradient[j] -= l2 * beta[j]
                hessian.values[j * d + j] += l2
            }
            let step = try hessian.solve(gradient)
            for j in 0..<d { beta[j] += step[j] }
            iterations = iteration
            if step.reduce(0, { max($0, abs($1)) }) < tolerance * max(1, beta.reduce(0) { max($0, abs($1)) }) { break }
        }
        intercept = beta[0]
        weights = Array(beta.dropFirst())
    }

    /// σ(b + w·x) for each row of `x`.
    public func probability(_ x: Matrix) -> [Double] {
        require(x.columns == weights.count, "the model has \(weights.count) features; x has \(x.columns) columns")
        return (0..<x.rows).map { i in
            var z = intercept
            for j in weights.indices { z += weights[j] * x.values[i * x.columns + j] }
            return 1 / (1 + exp(-z))
        }
    }
}
