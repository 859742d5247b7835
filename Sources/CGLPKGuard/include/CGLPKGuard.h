#ifndef CGLPKGUARD_H
#define CGLPKGUARD_H
// A guarded, one-call GLPK solve. GLPK calls abort() on a fatal error (bad index,
// NaN, invalid parameter); this shim installs glp_error_hook, setjmp()s around
// building and solving the problem, and on a fatal error frees the thread's GLPK
// environment and returns instead of aborting. The longjmp never crosses a Swift
// frame: the whole create-solve-delete sequence runs inside apg_solve.
// This target provides no stable Swift API; Solver wraps it in one internal file.

/// A linear or mixed-integer program: minimise obj·x + obj_constant subject to
/// row_lb <= A x <= row_ub, col_lb <= x <= col_ub. Infinite bounds are ±HUGE_VAL.
/// A is given as nnz triplets with 0-based row and column indices.
typedef struct {
    int rows, cols;
    const double *obj;
    double obj_constant;
    const double *col_lb, *col_ub;
    const int *col_integer; /* cols entries, 1 = integer; may be NULL */
    const double *row_lb, *row_ub;
    int nnz;
    const int *ia, *ja;
    const double *ar;
} apg_model;

typedef struct {
    double time_limit_seconds; /* <= 0: no limit */
    double mip_gap;            /* relative gap at which branch-and-cut stops */
    const double *start;       /* cols entries or NULL: an incumbent offered to branch-and-cut */
} apg_options;

typedef struct {
    int ok;             /* 1: GLPK ran (see status); 0: fatal GLPK error, see message */
    int is_mip;         /* 1 when the model had integer columns */
    int return_code;    /* glp_intopt / glp_simplex return code */
    int status;         /* GLP_OPT, GLP_FEAS, GLP_NOFEAS, GLP_INFEAS, GLP_UNBND, GLP_UNDEF */
    double objective;   /* of the solution in x, when status is GLP_OPT or GLP_FEAS */
    double best_bound;  /* proven lower bound (MIP: best open node; LP: the optimum) */
    double lp_bound;    /* the root LP relaxation's optimum (MIP), or NaN */
    int nodes;          /* branch-and-bound nodes explored */
    int start_accepted; /* 1 when the offered start was accepted as an incumbent */
    double *x;          /* caller-allocated, cols entries */
    double *row_dual;   /* caller-allocated, rows entries, or NULL: an LP's row duals at its optimum */
    char message[1024]; /* GLPK's last terminal output (the error text on failure) */
} apg_result;

/// Builds, solves and deletes the problem on the calling thread. Returns r->ok.
int apg_solve(const apg_model *m, const apg_options *o, apg_result *r);

/// GLPK's version string.
const char *apg_version(void);

#endif
