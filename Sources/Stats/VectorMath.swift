internal import CVectorMath

/// Elementary functions over whole arrays, several values per instruction:
/// the thin wrapper over `CVectorMath`, the only file that calls it. On
/// x86-64 Linux the kernels are glibc's vector math library (libmvec, part
/// of libc6), which aims at 4 ulp at most; the tests hold `exp` and `log1p`
/// to 4 ulp of the scalar functions and `tanh` to 2 ulp of the exact value
/// (measured: 1.03). Measured here per value: tanh 3.7 ns against 45 for the
/// Double-precision formula it replaced, log1p 10.6 against 36, exp 12.6
/// against 22. Every value goes through the same kernel whatever its
/// position in the array, so a result does not depend on how the array is cut.
public enum VectorMath {
    /// Whether the vector kernels are in use (x86-64 with glibc), rather than
    /// scalar loops over the C library's functions.
    public static var isVectorised: Bool { lectern_vector_math_is_vectorised() != 0 }

    /// xᵢ ← tanh xᵢ for the `count` Floats at `values`.
    public static func tanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
        lectern_vector_tanhf(values, count)
    }

    /// xᵢ ← eˣⁱ for the `count` Doubles at `values`.
    public static func exp(_ values: UnsafeMutablePointer<Double>, count: Int) {
        lectern_vector_exp(values, count)
    }

    /// xᵢ ← log(1 + xᵢ) for the `count` Doubles at `values`.
    public static func log1p(_ values: UnsafeMutablePointer<Double>, count: Int) {
        lectern_vector_log1p(values, count)
    }

    /// The events of a two-component mixture in one pass: with tᵃᵢ = wa + aᵢ
    /// and tᵇᵢ = wb + bᵢ (log weight plus log density), returns
    /// Σᵢ log(e^tᵃᵢ + e^tᵇᵢ), each term max + log1p(e^−|tᵃᵢ − tᵇᵢ|) (even and
    /// odd events summed apart, then added), and writes the responsibilities
    /// secondᵢ = e^tᵇᵢ / (e^tᵃᵢ + e^tᵇᵢ) and firstᵢ = 1 − secondᵢ. The
    /// exponential and log1p are the kernels of `exp` and `log1p`, so the
    /// numbers are those of passes over whole arrays. An event where neither
    /// term is finite adds the larger and shares ½.
    public static func mixtureOfTwo(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, logWeights wa: Double, _ wb: Double,
                                    first: UnsafeMutablePointer<Double>, second: UnsafeMutablePointer<Double>,
                                    count: Int) -> Double {
        lectern_mixture_of_two(a, b, wa, wb, first, second, count)
    }

    /// The rows `rows` of `table` (row-major, each row `inputs` values then
    /// `outputs` values): inputs to `input`, outputs to `targets`, in the
    /// order of `rows`. The rows ahead are prefetched, so the cache misses of
    /// a shuffled batch overlap (measured on a 1M-row table: 13 ms per epoch
    /// without, 6 with); the values copied are the same.
    public static func gatherRows(_ table: UnsafePointer<Float>, rows: UnsafeBufferPointer<Int>, inputs: Int, outputs: Int,
                                  into input: UnsafeMutablePointer<Float>, _ targets: UnsafeMutablePointer<Float>) {
        guard let first = rows.baseAddress, !rows.isEmpty else { return }
        lectern_gather_rows(table, first, rows.count, inputs, outputs, input, targets)
    }

    /// One Adam step (Kingma & Ba 2015) over `count` parameters, four at a
    /// time: mᵢ ← β₁mᵢ + (1 − β₁)gᵢ, vᵢ ← β₂vᵢ + (1 − β₂)gᵢ², wᵢ ← wᵢ − αmᵢ/(√vᵢ + ε̂),
    /// with α and ε̂ the bias-corrected step and epsilon. The same operations in
    /// the same order as a scalar loop, so the same bits.
    public static func adamUpdate(_ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                  m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int,
                                  beta1: Float, beta2: Float, alpha: Float, epsilon: Float) {
        lectern_adam_update(w, g, m, v, count, beta1, 1 - beta1, beta2, 1 - beta2, alpha, epsilon)
    }

    /// C = op(A) op(B), plus C when `accumulate`, for a thin product (see
    /// `ThinProduct`): every sum in runs of at most 320 fused multiply-adds.
    /// Returns false, with C untouched, when it could not get memory.
    static func thinProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                            m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, accumulate: Bool) -> Bool {
        lectern_thin_sgemm(a, b, c, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, accumulate ? 1 : 0) == 0
    }
}
