import Foundation

/// Limited-memory BFGS minimisation (Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., Alg. 7.4–7.5) with a backtracking Armijo line
/// search; pairs with sᵀy ≤ 0 are skipped so the inverse-Hessian estimate
/// stays positive definite.
struct LBFGS {
    var memory = 7
    var maxIterations = 2000
    /// Stop when ‖∇f‖∞ < gradientTolerance or the relative change of f < relativeTolerance.
    var gradientTolerance = 1e-8
    var relativeTolerance = 1e-13

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// Minimises f with gradient, from x0. `f` returns (value, gradient).
    func minimise(_ x0: [Double], _ f: ([Double]) -> (Double, [Double])) -> Result {
        var x = x0
        var (fx, g) = f(x)
        var s: [[Double]] = [], y: [[Double]] = []
        for iteration in 0..<maxIterations {
            if g.map(abs).max() ?? 0 < gradientTolerance { return Result(x: x, value: fx, iterations: iteration, converged: true) }
            // Two-loop recursion: d = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alphas[i] = VectorSums.dot(s[i], q) / VectorSums.dot(y[i], s[i])
                for k in q.indices { q[k] -= alphas[i] * y[i][k] }
            }
            let gamma = s.isEmpty
                ? 1 / max(1, sqrt(VectorSums.dot(g, g)))
                : VectorSums.dot(s.last!, y.last!) / VectorSums.dot(y.last!, y.last!)
            for k in q.indices { q[k] *= gamma }
            for i in s.indices {
                let beta = VectorSums.dot(y[i], q) / VectorSums.dot(y[i], s[i])
                for k in q.indices { q[k] += (alphas[i] - beta) * s[i][k] }
            }
            var d = q.map { -$0 }
            var slope = VectorSums.dot(g, d)
            if !(slope < 0) {
                d = g.map { -$0 }
                slope = VectorSums.dot(g, d)
                s.removeAll()
                y.removeAll()
            }
            // Backtracking until the Armijo condition holds.
            var step = 1.0
            var next = x, fNext = Double.infinity, gNext = g
            for _ in 0..<60 {
                for k in x.indices { next[k] = x[k] + step * d[k] }
                (fNext, gNext) = f(next)
                if fNext.isFinite, fNext <= fx + 1e-4 * step * slope { break }
                step *= 0.5
            }
            guard fNext.isFinite, fNext <= fx else { return Result(x: x, value: fx, iterations: iteration, converged: false) }
            let sk = zip(next, x).map { $0 - $1 }, yk = zip(gNext, g).map { $0 - $1 }
            if VectorSums.dot(sk, yk) > 1e-12 * VectorSums.dot(yk, yk) {
                s.append(sk)
                y.append(yk)
                if s.count > memory {
                    s.removeFirst()
                    y.removeFirst()
                }
            }
            let change = abs(fx - fNext) / max(1, abs(fx))
            x = next
            fx = fNext
            g = gNext
            if change < relativeTolerance { return Result(x: x, value: fx, iterations: iteration + 1, converged: true) }
        }
        return Result(x: x, value: fx, iterations: maxIterations, converged: false)
    }
}
