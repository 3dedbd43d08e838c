// See include/CVectorMath.h. On x86-64 each call goes through libmvec's
// 128-bit entry points (_ZGVbN4v_tanhf, _ZGVbN2v_exp, _ZGVbN2v_log1p): SSE
// registers, so the caller needs nothing beyond the x86-64 baseline, and
// glibc picks the kernel for the machine (its SSE4.1 kernels on every x86-64
// made since 2008). A tail shorter than one vector is padded into a full one,
// so every value of an array goes through the same kernel, wherever it sits.
#include "CVectorMath.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GLIBC__)
#include <emmintrin.h>

__m128 _ZGVbN4v_tanhf(__m128);
__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_log1p(__m128d);

void lectern_vector_tanhf(float *values, long count) {
    long i = 0;
    for (; i + 4 <= count; i += 4) _mm_storeu_ps(values + i, _ZGVbN4v_tanhf(_mm_loadu_ps(values + i)));
    if (i < count) {
        float tail[4] = {0, 0, 0, 0};
        memcpy(tail, values + i, (size_t)(count - i) * sizeof(float));
        _mm_storeu_ps(tail, _ZGVbN4v_tanhf(_mm_loadu_ps(tail)));
        memcpy(values + i, tail, (size_t)(count - i) * sizeof(float));
    }
}

#define LECTERN_PAIRWISE(name, kernel)                                                        \
    void name(double *values, long count) {                                                   \
        long i = 0;                                                                           \
        for (; i + 2 <= count; i += 2) _mm_storeu_pd(values + i, kernel(_mm_loadu_pd(values + i))); \
        if (i < count) {                                                                      \
            double tail[2] = {values[i], 0};                                                  \
            _mm_storeu_pd(tail, kernel(_mm_loadu_pd(tail)));                                  \
            values[i] = tail[0];                                                              \
        }                                                                                     \
    }

LECTERN_PAIRWISE(lectern_vector_exp, _ZGVbN2v_exp)
LECTERN_PAIRWISE(lectern_vector_log1p, _ZGVbN2v_log1p)

int lectern_vector_math_is_vectorised(void) { return 1; }

#else

void lectern_vector_tanhf(float *values, long count) {
    for (long i = 0; i < count; i++) values[i] = tanhf(values[i]);
}

void lectern_vector_exp(double *values, long count) {
    for (long i = 0; i < count; i++) values[i] = exp(values[i]);
}

void lectern_vector_log1p(double *values, long count) {
    for (long i = 0; i < count; i++) values[i] = log1p(values[i]);
}

int lectern_vector_math_is_vectorised(void) { return 0; }

#endif
