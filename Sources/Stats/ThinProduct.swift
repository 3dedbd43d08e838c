/// Which single-precision matrix products `BLAS.sgemm` computes itself
/// instead of calling OpenBLAS: products with a thin side.
///
/// A network of tiny layers (the 1 → 1 → 10 → 1 network of lecture 04)
/// multiplies a batch by a 1 × 10 or 10 × 1 weight matrix thousands of times;
/// OpenBLAS then spends longer packing the operands and clearing C than
/// multiplying. For these shapes each entry of C is the sum over k of
/// aᵢₗ bₗⱼ taken as OpenBLAS's sgemm kernels take it: in runs of at most 320
/// terms (the last two split evenly, rounded up to 8, when fewer than 640
/// remain), each run a chain of fused multiply-adds from zero, added to C in
/// turn (`VectorMath.thinProduct`). On the machines the course is built on
/// (OpenBLAS 0.3.21, its Zen kernel) that gives the same bits as
/// `cblas_sgemm` for every shape `handles` accepts, so a lecture prints the
/// same numbers; on any machine it gives the same bits as on every other.
enum ThinProduct {
    /// Whether the product of op(A), m × k, and op(B), k × n, is thin: at most
    /// seven columns or a sum of at most seven terms, or, for Aᵀ B, at most
    /// three rows or seven columns. (Beyond these OpenBLAS's kernels sum in
    /// another order, so they keep the product.)
    static func handles(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Bool {
        guard m > 0, n > 0, k > 0 else { return false }
        if transposeA { return !transposeB && (m <= 3 || n <= 7) }
        return n <= 7 || k <= 7
    }
}
