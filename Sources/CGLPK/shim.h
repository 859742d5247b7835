// CGLPK: the GNU Linear Programming Kit (Debian: libglpk-dev, 5.0).
// This target provides no stable Swift API; Solver wraps it in one internal file.
#include <glpk.h>
