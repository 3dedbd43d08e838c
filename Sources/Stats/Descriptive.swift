import Foundation

extension Array where Element == Double {
    /// The arithmetic mean (NaN for an empty array).
    public var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }

    /// The unbiased sample variance Σ(x − x̄)²/(n − 1) (two-pass).
    public var variance: Double {
        guard count > 1 else { return .nan }
        let m = mean
        var s = 0.0, c = 0.0
        for x in self { let d = x - m; s += d * d; c += d }
        return (s - c * c / Double(count)) / Double(count - 1)
    }

    /// The sample standard deviation √variance.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, s/√n.
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// The median.
    public var median: Double { quantile(0.5) }

    /// The q-quantile with linear interpolation between order statistics
    /// (Hyndman–Fan type 7, NumPy's default).
    public func quantile(_ q: Double) -> Double {
        quantiles([q])[0]
    }

    /// Several quantiles with one sort.
    public func quantiles(_ qs: [Double]) -> [Double] {
        guard !isEmpty else { return qs.map { _ in .nan } }
        let sorted = self.sorted()
        return qs.map { q in
            require(q >= 0 && q <= 1, "quantile: q must be in [0, 1], not \(q)")
            let h = Double(sorted.count - 1) * q
            let i = Int(h.rounded(.down))
            return i + 1 < sorted.count ? sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[i]
        }
    }

    /// The weighted mean Σwx/Σw.
    public func weightedMean(weights: [Double]) -> Double {
        require(weights.count == count, "weightedMean needs one weight per value: \(weights.count) weights for \(count) values")
        return zip(self, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
    }

    /// The weighted variance with reliability weights:
    /// Σw(x − x̄)² / (V₁ − V₂/V₁), V₁ = Σw, V₂ = Σw² (unbiased; equals `variance` for equal weights).
    public func weightedVariance(weights: [Double]) -> Double {
        let m = weightedMean(weights: weights)
        let v1 = weights.reduce(0, +), v2 = weights.reduce(0) { $0 + $1 * $1 }
        let s = zip(self, weights).reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) }
        return s / (v1 - v2 / v1)
    }
}

/// The unbiased covariance matrix of variables given as columns (each array one variable).
public func covarianceMatrix(_ variables: [[Double]]) -> Matrix {
    let k = variables.count
    require(k > 0 && variables.allSatisfy { $0.count == variables[0].count && $0.count > 1 }, "covariance needs variables of equal length > 1")
    let n = variables[0].count
    let centred = variables.map { v -> [Double] in let m = v.mean; return v.map { $0 - m } }
    // C = Xᵀ X / (n − 1) with X the n × k centred data: one gemm.
    let x = Matrix(rows: k, columns: n, values: centred.flatMap { $0 })
    return (1 / Double(n - 1)) * (x * x.transposed)
}

/// The correlation matrix ρᵢⱼ = Cᵢⱼ / √(Cᵢᵢ Cⱼⱼ).
public func correlationMatrix(_ variables: [[Double]]) -> Matrix {
    var c = covarianceMatrix(variables)
    let s = c.diagonal.map { $0.squareRoot() }
    for i in 0..<c.rows { for j in 0..<c.columns { c[i, j] /= s[i] * s[j] } }
    return c
}
