#include <plplot/plplot.h>
#include <stdio.h>

// Exported by libplplot but declared only in its private header: where PLplot
// looks for its device drivers (PLPLOT_DRV_DIR or the compiled-in path).
char *plGetDrvDir(void);
