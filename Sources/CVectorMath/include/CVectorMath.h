// Elementary functions over arrays, several values per call: glibc's vector
// math library (libmvec, the x86-64 vector ABI) where there is one, a plain
// loop of the scalar function elsewhere; and the thin matrix products of
// Sources/Stats/ThinProduct.swift, which need the machine's fused
// multiply-add; the gather of a training batch's rows and Adam's update.
// Called only from Sources/Stats/VectorMath.swift.
#ifndef LECTERN_CVECTORMATH_H
#define LECTERN_CVECTORMATH_H

/// values[i] = tanhf(values[i]) for i < count, in place.
void lectern_vector_tanhf(float *values, long count);

/// values[i] = exp(values[i]) for i < count, in place.
void lectern_vector_exp(double *values, long count);

/// values[i] = log1p(values[i]) for i < count, in place.
void lectern_vector_log1p(double *values, long count);

/// The two-component mixture's events: with tᵃᵢ = wa + a[i], tᵇᵢ = wb + b[i],
/// returns Σᵢ log(e^tᵃᵢ + e^tᵇᵢ) (= max + log1p(e^−|tᵃᵢ − tᵇᵢ|), even and odd
/// events summed apart, then added) and writes the shares
/// second[i] = e^tᵇᵢ / (e^tᵃᵢ + e^tᵇᵢ) and first[i] = 1 − second[i].
/// An event where neither is finite counts its larger one and shares ½.
double lectern_mixture_of_two(const double *a, const double *b, double wa, double wb,
                              double *first, double *second, long count);

/// Copies rows[0..<count] of a row-major table whose rows hold `inputs`
/// values then `outputs` values: the inputs to input (count x inputs), the
/// outputs to targets (count x outputs), prefetching the rows ahead.
void lectern_gather_rows(const float *table, const long *rows, long count, long inputs, long outputs,
                         float *input, float *targets);

/// One Adam step over count parameters, in single precision and in this
/// order for each: m = b1 m + (1 − b1) g; v = b2 v + ((1 − b2) g) g;
/// w = w − (alpha m) / (√v + eps_hat).
void lectern_adam_update(float *w, const float *g, float *m, float *v, long count,
                         float b1, float one_minus_b1, float b2, float one_minus_b2, float alpha, float eps_hat);

/// 1 when the libmvec kernels are in use, 0 for the scalar loops.
int lectern_vector_math_is_vectorised(void);

/// C = op(A) op(B) (+ C when accumulate is 1) in single precision, row-major:
/// op(A) is m x k (A stored k x m when transpose_a), op(B) is k x n (B stored
/// n x k when transpose_b; transpose_a and transpose_b are not both 1). Each
/// entry's sum runs in chains of fused multiply-adds of at most 320 terms
/// (see thin_product.c). Returns 0, or -1 when out of memory (C untouched).
int lectern_thin_sgemm(const float *a, const float *b, float *c, long m, long n, long k,
                       int transpose_a, int transpose_b, int accumulate);

#endif
