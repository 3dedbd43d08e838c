#include <cblas.h>
#include <lapacke.h>
/* openblas_set_num_threads is declared in cblas.h of OpenBLAS. */
