// See include/CVectorMath.h. A training batch's rows are drawn at random from
// the whole table, so each one is a cache miss once the table outgrows the
// cache; asking for the row a few dozen ahead (a prefetch, which changes no
// value) overlaps those misses instead of waiting for each in turn.
#include "CVectorMath.h"

void lectern_gather_rows(const float *table, const long *rows, long count, long inputs, long outputs,
                         float *input, float *targets) {
    const long stride = inputs + outputs, ahead = 32;
    for (long i = 0; i < count; i++) {
        if (i + ahead < count) __builtin_prefetch(table + rows[i + ahead] * stride);
        const float *row = table + rows[i] * stride;
        for (long k = 0; k < inputs; k++) input[i * inputs + k] = row[k];
        for (long k = 0; k < outputs; k++) targets[i * outputs + k] = row[inputs + k];
    }
}
