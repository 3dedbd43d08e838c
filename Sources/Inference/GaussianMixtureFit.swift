import Foundation
import Stats
import Synchronization

extension GaussianMixture {
    /// One EM run from a k-means++ / k-means start. Each iteration is one pass
    /// over the data that computes the responsibilities (E step) and, in the
    /// same loop, their weighted sums Σr, Σr x, Σr x xᵀ (M step), on data
    /// centred at its mean so that the second moments do not cancel; points
    /// are split over two threads.
    static func fit(_ x: Matrix, k: Int, tolerance: Double, maxIterations: Int, regularization: Double,
                    generator: inout some RandomNumberGenerator) throws -> GaussianMixture {
        let n = x.rows, d = x.columns
        let center = (0..<d).map { j in (0..<n).reduce(0) { $0 + x.values[$1 * d + j] } / Double(n) }
        var centred = x
        for i in 0..<n { for j in 0..<d { centred.values[i * d + j] -= center[j] } }

        // Start: hard k-means clusters give weights, means and covariances.
        let start = KMeans(fitting: centred, clusters: k, using: &generator)
        var statistics = Statistics(k: k, d: d)
        centred.values.withUnsafeBufferPointer { v in
            for i in 0..<n { statistics.add(component: start.assignments[i], weight: 1, point: v.baseAddress! + i * d) }
        }
        var (weights, means, covariances) = statistics.parameters(n: n, regularization: regularization)

        var previous = -Double.infinity, logLikelihood = -Double.infinity
        var iterations = 0, converged = false
        let threads = n >= 4096 ? 2 : 1
        let chunk = (n + threads - 1) / threads
        while iterations < maxIterations {
            iterations += 1
            let parts = try (0..<k).map { try Component(weight: weights[$0], mean: means[$0], covariance: covariances[$0]) }
            let results = EStepResults(threads: threads)
            centred.values.withUnsafeBufferPointer { v in
                let job = EStepJob(values: v.baseAddress!, d: d, parts: parts, results: results)
                Parallel.forEach(threads) { t in
                    job.run(rows: (t * chunk)..<min(n, (t + 1) * chunk), slot: t)
                }
            }
            let merged = results.merged()
            logLikelihood = merged.logLikelihood / Double(n)
            (weights, means, covariances) = merged.statistics.parameters(n: n, regularization: regularization)
            if abs(logLikelihood - previous) < tolerance {
                converged = true
                break
            }
            previous = logLikelihood
        }
        // Report the log-likelihood of the final parameters.
        let final = try (0..<k).map { try Component(weight: weights[$0], mean: means[$0], covariance: covariances[$0]) }
        var total = 0.0
        var logs = [Double](repeating: 0, count: k)
        centred.values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                for c in 0..<k { logs[c] = final[c].logDensity(v.baseAddress! + i * d) }
                total += logSumExp(logs)
            }
        }
        return GaussianMixture(weights: weights, means: means.map { zip($0, center).map { $0 + $1 } }, covariances: covariances,
                               logLikelihood: total / Double(n), iterations: iterations, converged: converged)
    }

    /// Weighted sums over points: Σr, Σr x and Σr x xᵀ per component.
    struct Statistics: Sendable {
        var count: [Double]
        var first: [[Double]]
        var second: [[Double]]   // d × d, row-major
        let d: Int

        init(k: Int, d: Int) {
            self.d = d
            count = [Double](repeating: 0, count: k)
            first = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            second = [[Double]](repeating: [Double](repeating: 0, count: d * d), count: k)
        }

        /// Adds point `x` (d values) to component `c` with weight `r`.
        @inline(__always) mutating func add(component c: Int, weight r: Double, point x: UnsafePointer<Double>) {
            count[c] += r
            for a in 0..<d {
                let xa = x[a]
                first[c][a] += r * xa
                for b in 0...a { second[c][a * d + b] += r * xa * x[b] }
            }
        }

        mutating func add(_ other: Statistics) {
            for c in count.indices {
                count[c] += other.count[c]
                for a in 0..<d { first[c][a] += other.first[c][a] }
                for i in 0..<(d * d) { second[c][i] += other.second[c][i] }
            }
        }

        /// Weights Σr/n, means Σr x / Σr and covariances Σr x xᵀ / Σr − μ μᵀ (+ regularisation).
        func parameters(n: Int, regularization: Double) -> (weights: [Double], means: [[Double]], covariances: [Matrix]) {
            var weights: [Double] = [], means: [[Double]] = [], covariances: [Matrix] = []
            for c in count.indices {
                let nc = max(count[c], 10 * Double.leastNormalMagnitude)
                let mean = first[c].map { $0 / nc }
                var cov = Matrix(rows: d, columns: d)
                for a in 0..<d {
                    for b in 0...a {
                        let value = second[c][a * d + b] / nc - mean[a] * mean[b]
                        cov[a, b] = value
                        cov[b, a] = value
                    }
                    cov[a, a] += regularization
                }
                weights.append(count[c] / Double(n))
                means.append(mean)
                covariances.append(cov)
            }
            return (weights, means, covariances)
        }
    }
}

/// Per-thread E-step sums, merged after the pass. Each thread stores its
/// slot once, under the lock (two threads writing one array at once is a race).
private final class EStepResults: Sendable {
    private let slots: Mutex<[(statistics: GaussianMixture.Statistics, logLikelihood: Double)?]>

    init(threads: Int) {
        slots = Mutex(Array(repeating: nil, count: threads))
    }

    func store(_ statistics: GaussianMixture.Statistics, logLikelihood: Double, slot: Int) {
        slots.withLock { $0[slot] = (statistics, logLikelihood) }
    }

    func merged() -> (statistics: GaussianMixture.Statistics, logLikelihood: Double) {
        let all = slots.withLock { $0.compactMap { $0 } }
        var total = all[0].statistics
        for s in all.dropFirst() { total.add(s.statistics) }
        return (total, all.reduce(0) { $0 + $1.logLikelihood })
    }
}

/// One thread's share of an E step: responsibilities and their sums for a range of points.
private struct EStepJob: @unchecked Sendable {
    let values: UnsafePointer<Double>
    let d: Int
    let parts: [GaussianMixture.Component]
    let results: EStepResults

    func run(rows: Range<Int>, slot: Int) {
        let k = parts.count
        var local = GaussianMixture.Statistics(k: k, d: d)
        var total = 0.0
        var logs = [Double](repeating: 0, count: k)
        for i in rows {
            let x = values + i * d
            var m = -Double.infinity
            for c in 0..<k {
                logs[c] = parts[c].logDensity(x)
                m = max(m, logs[c])
            }
            var s = 0.0
            for c in 0..<k { logs[c] = exp(logs[c] - m); s += logs[c] }
            total += m + log(s)
            let inv = 1 / s
            for c in 0..<k { local.add(component: c, weight: logs[c] * inv, point: x) }
        }
        results.store(local, logLikelihood: total, slot: slot)
    }
}
