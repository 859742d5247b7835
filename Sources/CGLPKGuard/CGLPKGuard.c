#include "CGLPKGuard.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* Keeps the tail of GLPK's terminal output in r->message (and prints nothing). */
static int capture_output(void *info, const char *s) {
    apg_result *r = info;
    size_t have = strlen(r->message), add = strlen(s), cap = sizeof(r->message) - 1;
    if (add >= cap) {
        memcpy(r->message, s + add - cap, cap);
        r->message[cap] = 0;
    } else {
        if (have + add > cap) {
            size_t drop = have + add - cap;
            memmove(r->message, r->message + drop, have - drop + 1);
            have -= drop;
        }
        memcpy(r->message + have, s, add + 1);
    }
    return 1;
}

static void on_fatal_error(void *info) {
    longjmp(*(jmp_buf *)info, 1);
}

typedef struct {
    const apg_model *m;
    const apg_options *o;
    apg_result *r;
    double *start1; /* 1-based copy of the start, or NULL */
    int offered;
} callback_state;

static void on_event(glp_tree *T, void *info) {
    callback_state *s = info;
    int active, current, total;
    glp_ios_tree_size(T, &active, &current, &total);
    s->r->nodes = total;
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        if (s->start1 && !s->offered) {
            s->offered = 1;
            s->r->start_accepted = glp_ios_heur_sol(T, s->start1) == 0;
        }
        break;
    case GLP_ISELECT:
    case GLP_IBINGO: {
        int best = glp_ios_best_node(T);
        if (best != 0) s->r->best_bound = glp_ios_node_bound(T, best);
        break;
    }
    default:
        break;
    }
}

/* Whether x (0-based, cols entries) satisfies every bound, integrality and row of m,
 * within a small tolerance. GLPK's glp_ios_heur_sol accepts whatever it is given
 * without checking rows, so a start is checked here before it is offered. */
static int satisfies(const apg_model *m, const double *x) {
    const double tol = 1e-7;
    for (int j = 0; j < m->cols; j++) {
        double v = x[j];
        if (!isfinite(v)) return 0;
        if (v < m->col_lb[j] - tol * fmax(1, fabs(m->col_lb[j]))) return 0;
        if (v > m->col_ub[j] + tol * fmax(1, fabs(m->col_ub[j]))) return 0;
        if (m->col_integer && m->col_integer[j] && v != floor(v)) return 0;
    }
    double *activity = calloc((size_t)(m->rows > 0 ? m->rows : 1), sizeof(double));
    if (!activity) return 0;
    for (int k = 0; k < m->nnz; k++) activity[m->ia[k]] += m->ar[k] * x[m->ja[k]];
    int ok = 1;
    for (int i = 0; i < m->rows && ok; i++) {
        double a = activity[i];
        if (a < m->row_lb[i] - tol * fmax(1, fabs(m->row_lb[i]))) ok = 0;
        if (a > m->row_ub[i] + tol * fmax(1, fabs(m->row_ub[i]))) ok = 0;
    }
    free(activity);
    return ok;
}

static void set_bounds(int is_row, glp_prob *P, int k, double lb, double ub) {
    int type;
    if (isinf(lb) && isinf(ub)) type = GLP_FR;
    else if (isinf(ub)) type = GLP_LO;
    else if (isinf(lb)) type = GLP_UP;
    else if (lb == ub) type = GLP_FX;
    else type = GLP_DB;
    double l = isinf(lb) ? 0 : lb, u = isinf(ub) ? 0 : ub;
    if (is_row) glp_set_row_bnds(P, k, type, l, u);
    else glp_set_col_bnds(P, k, type, l, u);
}

int apg_solve(const apg_model *m, const apg_options *o, apg_result *r) {
    jmp_buf env;
    int *volatile ia = NULL;
    int *volatile ja = NULL;
    double *volatile ar = NULL;
    double *volatile start1 = NULL;
    r->ok = 0;
    r->message[0] = 0;
    r->status = GLP_UNDEF;
    r->return_code = -1;
    r->objective = NAN;
    r->best_bound = NAN;
    r->lp_bound = NAN;
    r->nodes = 0;
    r->start_accepted = 0;
    r->is_mip = 0;
    if (setjmp(env)) {
        /* A fatal GLPK error: every GLPK object of this thread is gone with the env. */
        glp_free_env();
        free(ia);
        free(ja);
        free(ar);
        free(start1);
        r->ok = 0;
        return 0;
    }
    glp_term_hook(capture_output, r);
    glp_error_hook(on_fatal_error, &env);

    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, m->obj_constant);
    if (m->rows > 0) glp_add_rows(P, m->rows);
    if (m->cols > 0) glp_add_cols(P, m->cols);
    for (int i = 0; i < m->rows; i++) set_bounds(1, P, i + 1, m->row_lb[i], m->row_ub[i]);
    for (int j = 0; j < m->cols; j++) {
        set_bounds(0, P, j + 1, m->col_lb[j], m->col_ub[j]);
        glp_set_obj_coef(P, j + 1, m->obj[j]);
        if (m->col_integer && m->col_integer[j]) {
            glp_set_col_kind(P, j + 1, GLP_IV);
            r->is_mip = 1;
        }
    }
    ia = malloc(sizeof(int) * (size_t)(m->nnz + 1));
    ja = malloc(sizeof(int) * (size_t)(m->nnz + 1));
    ar = malloc(sizeof(double) * (size_t)(m->nnz + 1));
    for (int k = 0; k < m->nnz; k++) {
        ia[k + 1] = m->ia[k] + 1;
        ja[k + 1] = m->ja[k] + 1;
        ar[k + 1] = m->ar[k];
    }
    glp_load_matrix(P, m->nnz, ia, ja, ar);

    int tm_lim = o->time_limit_seconds > 0 ? (int)fmin(o->time_limit_seconds * 1000.0, 2e9) : 0;
    if (r->is_mip) {
        callback_state state = {m, o, r, NULL, 0};
        /* An offered start must be a solution of the problem the search tree holds.
         * The MIP presolver builds a transformed problem with other columns, and
         * glp_ios_heur_sol checks no rows: a start offered there is read as values of
         * the wrong columns and can become a bogus incumbent (and a bogus bound). So a
         * start, once checked feasible, runs branch-and-cut on the original problem,
         * without the presolver, from an optimal basis of its LP relaxation. */
        int use_start = o->start && satisfies(m, o->start);
        if (use_start) {
            start1 = malloc(sizeof(double) * (size_t)(m->cols + 1));
            start1[0] = 0;
            for (int j = 0; j < m->cols; j++) start1[j + 1] = o->start[j];
            state.start1 = start1;
        }
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.presolve = use_start ? GLP_OFF : GLP_ON;
        parm.msg_lev = GLP_MSG_ERR;
        parm.mip_gap = o->mip_gap > 0 ? o->mip_gap : 0;
        if (tm_lim > 0) parm.tm_lim = tm_lim;
        parm.cb_func = on_event;
        parm.cb_info = &state;
        int relaxation_ready = 1;
        if (use_start) {
            double t0 = glp_time();
            glp_smcp lp;
            glp_init_smcp(&lp);
            lp.msg_lev = GLP_MSG_ERR;
            lp.presolve = GLP_OFF;
            if (tm_lim > 0) lp.tm_lim = tm_lim;
            int rc = glp_simplex(P, &lp);
            relaxation_ready = rc == 0 && glp_get_status(P) == GLP_OPT;
            if (tm_lim > 0) {
                int left = tm_lim - (int)(glp_difftime(glp_time(), t0) * 1000);
                parm.tm_lim = left > 1 ? left : 1;
            }
        }
        if (relaxation_ready) {
            r->return_code = glp_intopt(P, &parm);
            r->status = glp_mip_status(P);
            if (r->status == GLP_OPT || r->status == GLP_FEAS) {
                r->objective = glp_mip_obj_val(P);
                for (int j = 0; j < m->cols; j++) r->x[j] = glp_mip_col_val(P, j + 1);
            }
            if (r->status == GLP_OPT) r->best_bound = r->objective;
            if (glp_get_status(P) == GLP_OPT) r->lp_bound = glp_get_obj_val(P);
        } else {
            /* The relaxation did not solve in time: the checked start is the answer. */
            r->return_code = 0x09; /* GLP_ETMLIM */
            r->status = GLP_FEAS;
            r->objective = m->obj_constant;
            for (int j = 0; j < m->cols; j++) {
                r->x[j] = o->start[j];
                r->objective += m->obj[j] * o->start[j];
            }
            r->start_accepted = 1;
        }
    } else {
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.presolve = GLP_ON;
        parm.msg_lev = GLP_MSG_ERR;
        if (tm_lim > 0) parm.tm_lim = tm_lim;
        r->return_code = glp_simplex(P, &parm);
        r->status = glp_get_status(P);
        if (r->status == GLP_OPT || r->status == GLP_FEAS) {
            r->objective = glp_get_obj_val(P);
            for (int j = 0; j < m->cols; j++) r->x[j] = glp_get_col_prim(P, j + 1);
        }
        if (r->status == GLP_OPT) {
            r->best_bound = r->objective;
            r->lp_bound = r->objective;
            if (r->row_dual)
                for (int i = 0; i < m->rows; i++) r->row_dual[i] = glp_get_row_dual(P, i + 1);
        }
    }
    glp_delete_prob(P);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    free(ia);
    free(ja);
    free(ar);
    free(start1);
    r->ok = 1;
    return 1;
}

const char *apg_version(void) {
    return glp_version();
}
