// CBLAS: the OpenBLAS C interface (Debian: libopenblas-dev).
// This target provides no stable Swift API; Matrix wraps it in one internal file.
#include <cblas.h>
