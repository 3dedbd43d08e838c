// See include/CVectorMath.h. Four parameters per instruction with SSE's exact
// square root and division (the x86-64 baseline): the same operations in the
// same order as one parameter at a time, so the same bits.
#include "CVectorMath.h"
#include <math.h>

// No fused multiply-adds: on a target that has them (aarch64, or x86-64 built
// for a newer machine) the compiler may otherwise fuse b1 * m + (1 − b1) * g,
// and the bits would no longer be those of Swift's loop.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

void lectern_adam_update(float *w, const float *g, float *m, float *v, long count,
                         float b1, float one_minus_b1, float b2, float one_minus_b2, float alpha, float eps_hat) {
    long i = 0;
#if defined(__x86_64__)
    const __m128 vb1 = _mm_set1_ps(b1), vc1 = _mm_set1_ps(one_minus_b1), vb2 = _mm_set1_ps(b2),
                 vc2 = _mm_set1_ps(one_minus_b2), va = _mm_set1_ps(alpha), ve = _mm_set1_ps(eps_hat);
    for (; i + 4 <= count; i += 4) {
        const __m128 gi = _mm_loadu_ps(g + i);
        const __m128 mi = _mm_add_ps(_mm_mul_ps(vb1, _mm_loadu_ps(m + i)), _mm_mul_ps(vc1, gi));
        const __m128 vi = _mm_add_ps(_mm_mul_ps(vb2, _mm_loadu_ps(v + i)), _mm_mul_ps(_mm_mul_ps(vc2, gi), gi));
        _mm_storeu_ps(m + i, mi);
        _mm_storeu_ps(v + i, vi);
        const __m128 step = _mm_div_ps(_mm_mul_ps(va, mi), _mm_add_ps(_mm_sqrt_ps(vi), ve));
        _mm_storeu_ps(w + i, _mm_sub_ps(_mm_loadu_ps(w + i), step));
    }
#endif
    for (; i < count; i++) {
        const float gi = g[i];
        m[i] = b1 * m[i] + one_minus_b1 * gi;
        v[i] = b2 * v[i] + one_minus_b2 * gi * gi;
        w[i] -= alpha * m[i] / (sqrtf(v[i]) + eps_hat);
    }
}
