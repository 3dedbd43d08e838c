// Elementary functions over arrays, several values per call: glibc's vector
// math library (libmvec, the x86-64 vector ABI) where there is one, a plain
// loop of the scalar function elsewhere. Called only from
// Sources/Stats/VectorMath.swift.
#ifndef LECTERN_CVECTORMATH_H
#define LECTERN_CVECTORMATH_H

/// values[i] = tanhf(values[i]) for i < count, in place.
void lectern_vector_tanhf(float *values, long count);

/// values[i] = exp(values[i]) for i < count, in place.
void lectern_vector_exp(double *values, long count);

/// values[i] = log1p(values[i]) for i < count, in place.
void lectern_vector_log1p(double *values, long count);

/// 1 when the libmvec kernels are in use, 0 for the scalar loops.
int lectern_vector_math_is_vectorised(void);

#endif
