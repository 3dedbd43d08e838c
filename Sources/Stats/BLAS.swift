internal import COpenBLAS
import Foundation

/// The thin wrapper over OpenBLAS (cblas) and LAPACKE: the only file of the
/// engine that calls them. Row-major throughout. OpenBLAS runs on one thread
/// unless `OPENBLAS_NUM_THREADS` says otherwise (faster here for lecture-sized
/// matrices). `gemm` and `sgemm` are public for the engine's other modules
/// (`Learn`'s networks); cells use `Matrix`.
public enum BLAS {
    private static let configured: Bool = {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { openblas_set_num_threads(1) }
        return true
    }()

    /// C = alpha · op(A) op(B) + beta · C, with op(A) of m × k and op(B) of k × n.
    public static func gemm(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                     m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                     alpha: Double = 1, beta: Double = 0) {
        _ = configured
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    beta, c, Int32(n))
    }

    /// C = alpha · op(A) op(B) + beta · C in single precision (what networks train in).
    /// Thin shapes (see `ThinProduct`) are multiplied without OpenBLAS, in its order of sums.
    public static func sgemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                             m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                             alpha: Float = 1, beta: Float = 0) {
        if (beta == 0 || beta == 1) && alpha == 1,
           ThinProduct.handles(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB),
           VectorMath.thinProduct(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, accumulate: beta == 1) {
            return
        }
        _ = configured
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    beta, c, Int32(n))
    }

    /// y = alpha · op(A) x + beta · y, A of m × n.
    static func gemv(_ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                     m: Int, n: Int, transpose: Bool = false, alpha: Double = 1, beta: Double = 0) {
        _ = configured
        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(n), x, 1, beta, y, 1)
    }

    /// Lower Cholesky factor in place (upper triangle left as is); returns LAPACK's info.
    static func potrf(_ a: UnsafeMutablePointer<Double>, n: Int) -> Int32 {
        _ = configured
        return LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), a, Int32(n))
    }

    /// Solves A X = B in place (A overwritten by its LU factors); returns info.
    static func gesv(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, n: Int, columns: Int) -> Int32 {
        _ = configured
        var pivots = [Int32](repeating: 0, count: n)
        return LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(columns), a, Int32(n), &pivots, b, Int32(columns))
    }

    /// Eigenvalues (ascending) and eigenvectors (columns, written over A) of a symmetric matrix; returns info.
    /// Householder QR of the row-major n × p matrix `a` (n ≥ p) in place:
    /// R in its upper triangle, the reflectors below it and in `tau` (p values).
    static func geqrf(_ a: UnsafeMutablePointer<Double>, _ tau: UnsafeMutablePointer<Double>, rows n: Int, columns p: Int) -> Int32 {
        _ = configured
        return LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(n), Int32(p), a, Int32(p), tau)
    }

    /// c ← Qᵀ c for the Q of `geqrf`'s output `a`, `tau` (c: n values, one column).
    static func ormqrTransposed(_ a: UnsafePointer<Double>, _ tau: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                                rows n: Int, columns p: Int) -> Int32 {
        _ = configured
        return LAPACKE_dormqr(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "T")), Int32(n), 1, Int32(p),
                              a, Int32(p), tau, c, 1)
    }

    static func syevd(_ a: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>, n: Int) -> Int32 {
        _ = configured
        return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), Int32(n), a, Int32(n), w)
    }
}
