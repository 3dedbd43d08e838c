import Foundation

/// An error from a matrix operation: a shape mismatch or a matrix that is not
/// positive definite / is singular.
public struct MatrixError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// A dense matrix of doubles, row-major. Products go through OpenBLAS
/// (gemm/gemv); Cholesky, solve, inverse and the symmetric eigen-decomposition
/// through LAPACKE.
public struct Matrix: Sendable, Hashable, CustomStringConvertible {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The entries, row by row.
    public var values: [Double]

    /// A `rows` × `columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        require(rows >= 0 && columns >= 0, "Matrix needs rows and columns ≥ 0, not \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        values = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix from its entries, row by row (`rows` × `columns` of them).
    ///
    ///     let x = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    ///     x[1, 0]   // 4
    public init(rows: Int, columns: Int, values: [Double]) {
        require(values.count == rows * columns, "Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from its rows: `Matrix([[1, 0.7], [0.7, 1]])`.
    public init(_ rows: [[Double]]) {
        let c = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == c }, "Matrix(rows:) needs rows of one length: the first has \(c) entries, another \(rows.first { $0.count != c }?.count ?? c)")
        self.init(rows: rows.count, columns: c, values: rows.flatMap { $0 })
    }

    /// The n × n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A diagonal matrix.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for (i, x) in d.enumerated() { m[i, i] = x }
        return m
    }

    /// The entry in row `i`, column `j` (from 0).
    public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }
    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { self[$0, j] } }
    /// The entries Aᵢᵢ.
    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// Aᵀ.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t.values[j * rows + i] = values[i * columns + j] } }
        return t
    }

    public var description: String {
        (0..<rows).map { i in row(i).map { String(format: "%10.4g", $0) }.joined(separator: " ") }.joined(separator: "\n")
    }

    /// The matrix product (gemm).
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        require(a.columns == b.rows, "cannot multiply \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns): inner sizes differ")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 || a.columns == 0 { return c }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!, m: a.rows, n: b.columns, k: a.columns)
                }
            }
        }
        return c
    }

    /// The matrix–vector product (gemv).
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        require(a.columns == x.count, "cannot multiply \(a.rows)×\(a.columns) by a vector of \(x.count)")
        var y = [Double](repeating: 0, count: a.rows)
        if a.rows == 0 || a.columns == 0 { return y }
        a.values.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(pa.baseAddress!, px.baseAddress!, py.baseAddress!, m: a.rows, n: a.columns)
                }
            }
        }
        return y
    }

    /// A + B, entry by entry (same shape).
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        require(a.rows == b.rows && a.columns == b.columns, "cannot add \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
        return Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map(+))
    }

    /// A − B, entry by entry (same shape).
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        require(a.rows == b.rows && a.columns == b.columns, "cannot subtract \(b.rows)×\(b.columns) from \(a.rows)×\(a.columns)")
        return Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map(-))
    }

    /// sA, every entry times s.
    public static func * (s: Double, a: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, values: a.values.map { s * $0 })
    }

    private func requireSquare(_ what: String) throws {
        guard rows == columns else { throw MatrixError(description: "\(what) needs a square matrix, got \(rows)×\(columns)") }
    }

    /// The lower-triangular L with L Lᵀ = self (LAPACK dpotrf).
    public func cholesky() throws -> Matrix {
        try requireSquare("cholesky")
        var l = values
        let info = l.withUnsafeMutableBufferPointer { BLAS.potrf($0.baseAddress!, n: rows) }
        guard info == 0 else {
            throw MatrixError(description: "cholesky: the matrix is not positive definite (leading minor \(info) is not positive)")
        }
        var result = Matrix(rows: rows, columns: columns, values: l)
        for i in 0..<rows { for j in (i + 1)..<max(i + 1, columns) { result[i, j] = 0 } }
        return result
    }

    /// The x with A x = b (LAPACK dgesv, LU with partial pivoting).
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, values: b)).values
    }

    /// The X with A X = B.
    public func solve(_ b: Matrix) throws -> Matrix {
        try requireSquare("solve")
        guard b.rows == rows else { throw MatrixError(description: "solve: right-hand side has \(b.rows) rows, the matrix \(rows)") }
        var a = values, x = b.values
        let info = a.withUnsafeMutableBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { px in BLAS.gesv(pa.baseAddress!, px.baseAddress!, n: rows, columns: b.columns) }
        }
        guard info == 0 else { throw MatrixError(description: "solve: the matrix is singular (U[\(info),\(info)] = 0)") }
        return Matrix(rows: b.rows, columns: b.columns, values: x)
    }

    /// The inverse.
    public func inverse() throws -> Matrix { try solve(.identity(rows)) }

    /// log |A| of a symmetric positive-definite matrix, from its Cholesky factor.
    public func logDeterminantSPD() throws -> Double {
        2 * (try cholesky()).diagonal.reduce(0) { $0 + log($1) }
    }

    /// Eigenvalues (ascending) and eigenvectors (as columns) of a symmetric matrix (LAPACK dsyevd).
    public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        try requireSquare("symmetricEigen")
        var a = values
        var w = [Double](repeating: 0, count: rows)
        let info = a.withUnsafeMutableBufferPointer { pa in
            w.withUnsafeMutableBufferPointer { pw in BLAS.syevd(pa.baseAddress!, pw.baseAddress!, n: rows) }
        }
        guard info == 0 else { throw MatrixError(description: "symmetricEigen: LAPACK did not converge (info \(info))") }
        return (w, Matrix(rows: rows, columns: columns, values: a))
    }
}

/// The multivariate normal N(μ, Σ): draws μ + L z with L Lᵀ = Σ (Cholesky).
public struct MultivariateNormal: Sendable {
    /// μ, the mean vector.
    public let mean: [Double]
    /// Σ, the covariance matrix.
    public let covariance: Matrix
    /// L, lower triangular with L Lᵀ = Σ.
    public let choleskyFactor: Matrix
    let logDeterminant: Double

    /// N(μ, Σ); throws when Σ is not symmetric positive definite.
    ///
    ///     let mvn = try MultivariateNormal(mean: [0, 0], covariance: Matrix(rows: 2, columns: 2, values: [1, 0.8, 0.8, 1]))
    ///     let points = mvn.sample(count: 500)   // 500 × 2
    public init(mean: [Double], covariance: Matrix) throws {
        guard covariance.rows == mean.count, covariance.columns == mean.count else {
            throw MatrixError(description: "MultivariateNormal: mean has \(mean.count) entries, covariance is \(covariance.rows)×\(covariance.columns)")
        }
        self.mean = mean
        self.covariance = covariance
        choleskyFactor = try covariance.cholesky()
        logDeterminant = 2 * choleskyFactor.diagonal.reduce(0) { $0 + log($1) }
    }

    /// From standard deviations and a correlation matrix: Σᵢⱼ = σᵢ σⱼ ρᵢⱼ.
    public init(mean: [Double], standardDeviations: [Double], correlation: Matrix) throws {
        var cov = correlation
        for i in 0..<cov.rows { for j in 0..<cov.columns { cov[i, j] *= standardDeviations[i] * standardDeviations[j] } }
        try self.init(mean: mean, covariance: cov)
    }

    /// d, the number of dimensions.
    public var dimension: Int { mean.count }

    /// log density: −½ (d log 2π + log|Σ| + (x−μ)ᵀ Σ⁻¹ (x−μ)), by a triangular solve with L.
    public func logPDF(_ x: [Double]) -> Double {
        let d = dimension
        var z = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var s = x[i] - mean[i]
            for j in 0..<i { s -= choleskyFactor[i, j] * z[j] }
            z[i] = s / choleskyFactor[i, i]
        }
        let quadratic = z.reduce(0) { $0 + $1 * $1 }
        return -0.5 * (Double(d) * log(2 * Double.pi) + logDeterminant + quadratic)
    }

    /// exp(logPDF(x)).
    public func pdf(_ x: [Double]) -> Double { exp(logPDF(x)) }

    /// One draw μ + Lz, z ~ N(0, I).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        let z = (0..<dimension).map { _ in standardNormal(using: &generator) }
        return zip(choleskyFactor * z, mean).map(+)
    }

    /// `count` draws as the rows of a count × d matrix (one gemm).
    public func sample<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> Matrix {
        let d = dimension
        var z = Matrix(rows: count, columns: d)
        z.values = Normal().sample(count: count * d, using: &generator)
        var x = z * choleskyFactor.transposed
        for i in 0..<count { for j in 0..<d { x.values[i * d + j] += mean[j] } }
        return x
    }

    /// `count` draws from the lecture's generator, as rows.
    public func sample(count: Int) -> Matrix { LectureRandom.withGenerator { sample(count: count, using: &$0) } }
    /// One draw from the lecture's generator.
    public func sample() -> [Double] { LectureRandom.withGenerator { sample(using: &$0) } }
}
