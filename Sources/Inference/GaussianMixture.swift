import Foundation
import Stats

/// A mixture of multivariate Gaussians with full covariances,
/// p(x) = Σₖ wₖ N(x; μₖ, Σₖ), fitted by expectation–maximisation (Dempster,
/// Laird & Rubin 1977) from a k-means++ / k-means start. Iterations stop when
/// the mean log-likelihood per point changes by less than `tolerance` (as
/// scikit-learn's `GaussianMixture` does); `starts` runs keep the best.
public struct GaussianMixture: Sendable {
    /// wₖ: the share of the data in component k (they sum to 1).
    public let weights: [Double]
    /// μₖ: each component's mean, `dimension` values.
    public let means: [[Double]]
    /// Σₖ: each component's covariance, `dimension` × `dimension`.
    public let covariances: [Matrix]
    /// Mean log-likelihood per point of the fitted mixture on the data.
    public let logLikelihood: Double
    /// EM iterations run by the best start.
    public let iterations: Int
    /// Whether the best start's log-likelihood settled within the tolerance before the iteration limit.
    public let converged: Bool

    /// The number of components, k.
    public var components: Int { weights.count }
    /// The number of values in each data point.
    public var dimension: Int { means[0].count }

    /// Fits `components` Gaussians to the rows of `x`. `regularization` is added
    /// to each covariance's diagonal (keeps a component that collapses onto few
    /// points invertible).
    public init(fitting x: Matrix, components k: Int, tolerance: Double = 1e-3, maxIterations: Int = 100,
                starts: Int = 1, regularization: Double = 1e-6, using generator: inout some RandomNumberGenerator) throws {
        require(k >= 1 && x.rows > k, "a mixture of \(k) components needs more than \(k) rows")
        var best: GaussianMixture?
        for _ in 0..<max(1, starts) {
            let fit = try Self.fit(x, k: k, tolerance: tolerance, maxIterations: maxIterations,
                                   regularization: regularization, generator: &generator)
            if best.map({ fit.logLikelihood > $0.logLikelihood }) ?? true { best = fit }
        }
        self = best!
    }

    /// Fits with the lecture's generator.
    public init(fitting x: Matrix, components k: Int, tolerance: Double = 1e-3, maxIterations: Int = 100,
                starts: Int = 1, regularization: Double = 1e-6) throws {
        var g = LectureRandom()
        try self.init(fitting: x, components: k, tolerance: tolerance, maxIterations: maxIterations, starts: starts,
                      regularization: regularization, using: &g)
    }

    /// A one-dimensional mixture of the values.
    public init(fitting values: [Double], components k: Int, tolerance: Double = 1e-3, maxIterations: Int = 100,
                starts: Int = 1, regularization: Double = 1e-6) throws {
        try self.init(fitting: Matrix(rows: values.count, columns: 1, values: values), components: k, tolerance: tolerance,
                      maxIterations: maxIterations, starts: starts, regularization: regularization)
    }

    init(weights: [Double], means: [[Double]], covariances: [Matrix], logLikelihood: Double, iterations: Int, converged: Bool) {
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.logLikelihood = logLikelihood
        self.iterations = iterations
        self.converged = converged
    }

    /// The standard deviations of a one-dimensional mixture's components.
    public var standardDeviations: [Double] { covariances.map { $0[0, 0].squareRoot() } }

    /// log p(x) of one point.
    public func logDensity(_ point: [Double]) -> Double {
        let parts = Self.components(weights: weights, means: means, covariances: covariances)
        var logs = [Double](repeating: 0, count: components)
        point.withUnsafeBufferPointer { p in
            for c in 0..<components { logs[c] = parts[c].logDensity(p.baseAddress!) }
        }
        return logSumExp(logs)
    }

    /// The probability that each row of `x` came from each component (rows × components).
    public func responsibilities(_ x: Matrix) -> Matrix {
        let parts = Self.components(weights: weights, means: means, covariances: covariances)
        var out = Matrix(rows: x.rows, columns: components)
        var logs = [Double](repeating: 0, count: components)
        x.values.withUnsafeBufferPointer { v in
            for i in 0..<x.rows {
                for c in 0..<components { logs[c] = parts[c].logDensity(v.baseAddress! + i * x.columns) }
                let total = logSumExp(logs)
                for c in 0..<components { out[i, c] = exp(logs[c] - total) }
            }
        }
        return out
    }

    /// The most probable component of each row.
    public func predict(_ x: Matrix) -> [Int] {
        let r = responsibilities(x)
        return (0..<x.rows).map { i in (0..<components).max { r[i, $0] < r[i, $1] }! }
    }
}

extension GaussianMixture {
    /// One component's log weight, mean and Cholesky factor, ready for densities.
    struct Component {
        let logNormaliser: Double   // log w − ½ (d log 2π + log |Σ|)
        let mean: [Double]
        let cholesky: [Double]      // lower triangular, row-major d × d

        init(weight: Double, mean: [Double], covariance: Matrix) throws {
            let d = mean.count
            var l = covariance.values
            // Cholesky–Banachiewicz, in place (d is small).
            for i in 0..<d {
                for j in 0...i {
                    var s = l[i * d + j]
                    for m in 0..<j { s -= l[i * d + m] * l[j * d + m] }
                    if i == j {
                        guard s > 0 else { throw FitError("a mixture component's covariance is not positive definite; raise `regularization`") }
                        l[i * d + i] = s.squareRoot()
                    } else {
                        l[i * d + j] = s / l[j * d + j]
                    }
                }
                for j in (i + 1)..<max(i + 1, d) { l[i * d + j] = 0 }
            }
            var logDet = 0.0
            for i in 0..<d { logDet += 2 * log(l[i * d + i]) }
            logNormaliser = log(weight) - 0.5 * (Double(d) * log(2 * .pi) + logDet)
            self.mean = mean
            cholesky = l
        }

        /// log(w N(x; μ, Σ)) for the point at `x`.
        @inline(__always) func logDensity(_ x: UnsafePointer<Double>) -> Double {
            let d = mean.count
            var maha = 0.0
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { z in
                // Solve L z = x − μ by forward substitution; ‖z‖² is the Mahalanobis distance.
                for i in 0..<d {
                    var s = x[i] - mean[i]
                    for m in 0..<i { s -= cholesky[i * d + m] * z[m] }
                    z[i] = s / cholesky[i * d + i]
                    maha += z[i] * z[i]
                }
                return logNormaliser - 0.5 * maha
            }
        }
    }

    static func components(weights: [Double], means: [[Double]], covariances: [Matrix]) -> [Component] {
        (0..<weights.count).map { try! Component(weight: weights[$0], mean: means[$0], covariance: covariances[$0]) }
    }
}
