// See include/CVectorMath.h: the per-event work of a two-component mixture's
// log likelihood, block by block, the exponential and log1p through
// vector_math.c's functions, so the numbers are those of separate passes
// over whole arrays.
#include "CVectorMath.h"
#include <math.h>
#include <string.h>

// One event, given e = exp(-|ta - tb|) and l = log1p(e): its term of the sum
// and the second component's share. Written once for both builds.
static inline void lectern_mix_one(double ta, double tb, double e, double l, double *term, double *second) {
    double top = tb >= ta ? tb : ta;
    int finite = fabs(top) < INFINITY;
    *term = finite ? top + l : top;
    double share = finite ? e / (1 + e) : 0.5;
    *second = tb >= ta ? 1 - share : share;
}

#if defined(__x86_64__) && defined(__GLIBC__)
#include <emmintrin.h>

double lectern_mixture_of_two(const double *a, const double *b, double wa, double wb,
                              double *first, double *second, long count) {
    const __m128d signBit = _mm_set1_pd(-0.0), infinity = _mm_set1_pd(INFINITY);
    const __m128d one = _mm_set1_pd(1.0), half = _mm_set1_pd(0.5);
    const __m128d va = _mm_set1_pd(wa), vb = _mm_set1_pd(wb);
    __m128d sums = _mm_setzero_pd();  // lane 0: even events, lane 1: odd ones
    double lanes[2] = {0, 0};
    // Blocks small enough for the stack and the L1 cache: the exponentials and
    // logarithms run as whole-array passes over each (independent calls the
    // processor overlaps), the arithmetic around them in pairs.
    enum { block = 512 };
    double e[block], l[block];
    for (long start = 0; start < count; start += block) {
        long n = count - start < block ? count - start : block;
        const double *ab = a + start, *bb = b + start;
        double *fb = first + start, *sb = second + start;
        long i = 0;
        for (; i + 2 <= n; i += 2) {
            __m128d diff = _mm_sub_pd(_mm_add_pd(va, _mm_loadu_pd(ab + i)), _mm_add_pd(vb, _mm_loadu_pd(bb + i)));
            _mm_storeu_pd(e + i, _mm_or_pd(diff, signBit));  // -|ta - tb|
        }
        if (i < n) e[i] = -fabs((wa + ab[i]) - (wb + bb[i]));
        lectern_vector_exp(e, n);
        memcpy(l, e, (size_t)n * sizeof(double));
        lectern_vector_log1p(l, n);
        for (i = 0; i + 2 <= n; i += 2) {
            __m128d ta = _mm_add_pd(va, _mm_loadu_pd(ab + i)), tb = _mm_add_pd(vb, _mm_loadu_pd(bb + i));
            __m128d ev = _mm_loadu_pd(e + i);
            __m128d bWins = _mm_cmpge_pd(tb, ta);
            __m128d top = _mm_or_pd(_mm_and_pd(bWins, tb), _mm_andnot_pd(bWins, ta));
            __m128d finite = _mm_cmplt_pd(_mm_andnot_pd(signBit, top), infinity);
            __m128d term = _mm_or_pd(_mm_and_pd(finite, _mm_add_pd(top, _mm_loadu_pd(l + i))), _mm_andnot_pd(finite, top));
            sums = _mm_add_pd(sums, term);
            __m128d share = _mm_or_pd(_mm_and_pd(finite, _mm_div_pd(ev, _mm_add_pd(one, ev))), _mm_andnot_pd(finite, half));
            __m128d s2 = _mm_or_pd(_mm_and_pd(bWins, _mm_sub_pd(one, share)), _mm_andnot_pd(bWins, share));
            _mm_storeu_pd(sb + i, s2);
            _mm_storeu_pd(fb + i, _mm_sub_pd(one, s2));
        }
        if (i < n) {  // an odd count: only the last block has one left over
            double term;
            lectern_mix_one(wa + ab[i], wb + bb[i], e[i], l[i], &term, sb + i);
            fb[i] = 1 - sb[i];
            lanes[0] += term;
        }
    }
    double sumLanes[2];
    _mm_storeu_pd(sumLanes, sums);
    // The left-over event is the last even one: it joins the even sum last.
    return (sumLanes[0] + lanes[0]) + sumLanes[1];
}

#else

double lectern_mixture_of_two(const double *a, const double *b, double wa, double wb,
                              double *first, double *second, long count) {
    double sums[2] = {0, 0};
    for (long i = 0; i < count; i++) {
        double ta = wa + a[i], tb = wb + b[i];
        double e = exp(-fabs(ta - tb)), term;
        lectern_mix_one(ta, tb, e, log1p(e), &term, second + i);
        first[i] = 1 - second[i];
        sums[i & 1] += term;
    }
    return sums[0] + sums[1];
}

#endif
