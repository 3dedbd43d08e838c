// See include/CVectorMath.h, lectern_thin_sgemm. Every entry of C is
// C + the sum over l of A(i, l) B(l, j), taken in runs of at most 320 terms
// (the last two runs split evenly, rounded up to 8, when fewer than 640
// remain), each run a chain of fused multiply-adds from zero added to C in
// turn: the order OpenBLAS's single-precision kernels keep for thin shapes.
// The body is compiled twice: with the FMA instruction, chosen at run time
// on processors that have it, and with the C library's fmaf elsewhere (the
// same bits, more slowly). Sums are written with explicit fused
// multiply-adds and plain additions, so no contraction can change them.
#include "CVectorMath.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline long thin_run(long done, long k) {
    long left = k - done;
    if (left >= 640) return 320;
    if (left > 320) return (left / 2 + 7) / 8 * 8;
    return left;
}

// C = A^T B (+ C): A is k x m, B is k x n, k long (a weight gradient over a batch).
static inline __attribute__((always_inline))
int thin_gradient(const float *a, const float *b, float *c, long m, long n, long k, int accumulate) {
    float local[64];
    float *chains = m * n <= 64 ? local : malloc((size_t)(m * n) * sizeof(float));
    if (!chains) return -1;
    if (!accumulate) memset(c, 0, (size_t)(m * n) * sizeof(float));
    for (long done = 0; done < k;) {
        long length = thin_run(done, k);
        if (m == 1 && n == 1) {
            float chain = 0;
            for (long l = done; l < done + length; l++) chain = __builtin_fmaf(a[l], b[l], chain);
            c[0] = c[0] + chain;
            done += length;
            continue;
        }
        memset(chains, 0, (size_t)(m * n) * sizeof(float));
        for (long l = done; l < done + length; l++) {
            const float *row_a = a + l * m, *row_b = b + l * n;
            if (n == 1) {
                float y = row_b[0];
                for (long i = 0; i < m; i++) chains[i] = __builtin_fmaf(row_a[i], y, chains[i]);
            } else {
                for (long i = 0; i < m; i++) {
                    float x = row_a[i];
                    float *chain = chains + i * n;
                    for (long j = 0; j < n; j++) chain[j] = __builtin_fmaf(x, row_b[j], chain[j]);
                }
            }
        }
        for (long e = 0; e < m * n; e++) c[e] = c[e] + chains[e];
        done += length;
    }
    if (chains != local) free(chains);
    return 0;
}

// C = A op(B) (+ C) with at most seven columns: eight rows at a time, each its own chain.
static inline __attribute__((always_inline))
int thin_narrow(const float *a, const float *b, float *c, long m, long n, long k, int transpose_b) {
    long step_b = transpose_b ? 1 : n, across_b = transpose_b ? k : 1;
    for (long first = 0; first < m; first += 8) {
        long rows = m - first < 8 ? m - first : 8;
        const float *block_a = a + first * k;
        float *block_c = c + first * n;
        for (long j = 0; j < n; j++) {
            const float *column = b + j * across_b;
            for (long done = 0; done < k;) {
                long length = thin_run(done, k);
                if (rows == 8) {
                    float c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
                    for (long l = done; l < done + length; l++) {
                        float y = column[l * step_b];
                        c0 = __builtin_fmaf(block_a[l], y, c0);
                        c1 = __builtin_fmaf(block_a[k + l], y, c1);
                        c2 = __builtin_fmaf(block_a[2 * k + l], y, c2);
                        c3 = __builtin_fmaf(block_a[3 * k + l], y, c3);
                        c4 = __builtin_fmaf(block_a[4 * k + l], y, c4);
                        c5 = __builtin_fmaf(block_a[5 * k + l], y, c5);
                        c6 = __builtin_fmaf(block_a[6 * k + l], y, c6);
                        c7 = __builtin_fmaf(block_a[7 * k + l], y, c7);
                    }
                    block_c[j] = block_c[j] + c0;
                    block_c[n + j] = block_c[n + j] + c1;
                    block_c[2 * n + j] = block_c[2 * n + j] + c2;
                    block_c[3 * n + j] = block_c[3 * n + j] + c3;
                    block_c[4 * n + j] = block_c[4 * n + j] + c4;
                    block_c[5 * n + j] = block_c[5 * n + j] + c5;
                    block_c[6 * n + j] = block_c[6 * n + j] + c6;
                    block_c[7 * n + j] = block_c[7 * n + j] + c7;
                } else {
                    for (long r = 0; r < rows; r++) {
                        float chain = 0;
                        for (long l = done; l < done + length; l++)
                            chain = __builtin_fmaf(block_a[r * k + l], column[l * step_b], chain);
                        block_c[r * n + j] = block_c[r * n + j] + chain;
                    }
                }
                done += length;
            }
        }
    }
    return 0;
}

// C = A op(B) (+ C) with a short sum (k <= 7, one run) and a wide C: row by row.
static inline __attribute__((always_inline))
int thin_short(const float *a, const float *b, float *restrict c, long m, long n, long k, int transpose_b,
               int accumulate) {
    if (k == 1) {
        // An outer product: each entry is C plus one rounded product.
        if (!accumulate) memset(c, 0, (size_t)(m * n) * sizeof(float));
        for (long i = 0; i < m; i++) {
            float x = a[i];
            float *restrict row_c = c + i * n;
            for (long j = 0; j < n; j++) row_c[j] = row_c[j] + __builtin_fmaf(x, b[j], 0.0f);
        }
        return 0;
    }
    float local[256];
    float *restrict chains = n <= 256 ? local : malloc((size_t)n * sizeof(float));
    if (!chains) return -1;
    if (!accumulate) memset(c, 0, (size_t)(m * n) * sizeof(float));
    for (long i = 0; i < m; i++) {
        const float *row_a = a + i * k;
        float *restrict row_c = c + i * n;
        for (long j = 0; j < n; j++) chains[j] = 0;
        for (long l = 0; l < k; l++) {
            float x = row_a[l];
            if (transpose_b) {
                for (long j = 0; j < n; j++) chains[j] = __builtin_fmaf(x, b[j * k + l], chains[j]);
            } else {
                const float *row_b = b + l * n;
                for (long j = 0; j < n; j++) chains[j] = __builtin_fmaf(x, row_b[j], chains[j]);
            }
        }
        for (long j = 0; j < n; j++) row_c[j] = row_c[j] + chains[j];
    }
    if (chains != local) free(chains);
    return 0;
}

static inline __attribute__((always_inline))
int thin_product(const float *a, const float *b, float *c, long m, long n, long k,
                 int transpose_a, int transpose_b, int accumulate) {
    if (transpose_a) return thin_gradient(a, b, c, m, n, k, accumulate);
    if (n > 7 && k <= 7) return thin_short(a, b, c, m, n, k, transpose_b, accumulate);
    if (!accumulate) memset(c, 0, (size_t)(m * n) * sizeof(float));
    return thin_narrow(a, b, c, m, n, k, transpose_b);
}

static int thin_portable(const float *a, const float *b, float *c, long m, long n, long k,
                         int transpose_a, int transpose_b, int accumulate) {
    return thin_product(a, b, c, m, n, k, transpose_a, transpose_b, accumulate);
}

#if defined(__x86_64__)
__attribute__((target("fma")))
static int thin_fma(const float *a, const float *b, float *c, long m, long n, long k,
                    int transpose_a, int transpose_b, int accumulate) {
    return thin_product(a, b, c, m, n, k, transpose_a, transpose_b, accumulate);
}
#endif

int lectern_thin_sgemm(const float *a, const float *b, float *c, long m, long n, long k,
                       int transpose_a, int transpose_b, int accumulate) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("fma")) return thin_fma(a, b, c, m, n, k, transpose_a, transpose_b, accumulate);
#endif
    return thin_portable(a, b, c, m, n, k, transpose_a, transpose_b, accumulate);
}
