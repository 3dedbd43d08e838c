import Stats

/// Per-feature standardisation x → (x − mean) / sd, fitted on training data.
public struct Standardizer: Sendable, Hashable {
    /// Each column's mean on the training data.
    public var means: [Double]
    /// Each column's standard deviation on the training data (1 for a constant column).
    public var deviations: [Double]

    /// Fits the means and standard deviations of `x`'s columns (a constant column keeps sd 1).
    public init(fitting x: Matrix) {
        let n = Double(max(1, x.rows))
        var means = [Double](repeating: 0, count: x.columns)
        var squares = [Double](repeating: 0, count: x.columns)
        x.values.withUnsafeBufferPointer { v in
            for i in 0..<x.rows { for j in 0..<x.columns { means[j] += v[i * x.columns + j] } }
            for j in means.indices { means[j] /= n }
            for i in 0..<x.rows { for j in 0..<x.columns { let d = v[i * x.columns + j] - means[j]; squares[j] += d * d } }
        }
        self.means = means
        deviations = squares.map { s in let sd = (s / n).squareRoot(); return sd > 0 ? sd : 1 }
    }

    /// `x` standardised.
    public func apply(_ x: Matrix) -> Matrix {
        var out = x
        for i in 0..<x.rows { for j in 0..<x.columns { out.values[i * x.columns + j] = (x.values[i * x.columns + j] - means[j]) / deviations[j] } }
        return out
    }
}

extension Matrix {
    /// One column holding `values`: the features of a one-dimensional problem.
    public init(column values: [Double]) {
        self.init(rows: values.count, columns: 1, values: values)
    }
}
