/// The bound of the assignment model's LP relaxation, proven without trusting the LP
/// solver's arithmetic.
///
/// GLPK's simplex solves the relaxation (binaries relaxed to [0, 1]); its capacity rows'
/// duals μ ≥ 0 are then the multipliers of ``LagrangianBound/value(_:multipliers:)``,
/// which is a valid bound for any μ and, with the relaxation's optimal duals and no
/// anti-affinity rows binding, equals the relaxation's optimum (the assignment rows
/// have the integrality property). The subgradient method approaches that value only
/// slowly when several resources bind; the surrogate knapsacks of the branch and
/// bound lose it there too.
///
/// Blocking, and GLPK's: call it on a solver thread.
enum LinearRelaxationBound {
    /// Models with more allowed pairs than this are not tried (GLPK's simplex grows
    /// faster than linearly in them).
    static let pairLimit = 250_000

    /// The bound, the multipliers, and per unit the clusters the relaxation puts some
    /// of it on (one, where it assigns the unit whole), or nil when the relaxation is not solved
    /// to optimality within `timeLimit` seconds (or GLPK fails, or the model is too big).
    /// - Complexity: one simplex solve, then O(U · C · R).
    static func compute(_ problem: PlacementProblem, pairs: Int, timeLimit: Double) -> (
        bound: Double, multipliers: [Double], support: [[Int]]
    )? {
        guard pairs <= pairLimit, timeLimit > 0.01 else { return nil }
        let ilp = PlacementILP(problem)
        var model = ilp.model
        model.integerColumns = []
        guard let solution = try? GLPKSolver(timeLimit: timeLimit).solve(model),
            solution.status == .optimal, solution.rowDuals.count == model.rowCount
        else { return nil }
        let r = PlacementProblem.resourceCount
        var mu = [Double](repeating: 0, count: problem.clusterCount * r)
        for row in ilp.capacityRows { mu[row.cluster * r + row.resource] = max(0, -solution.rowDuals[row.row]) }
        guard let bound = LagrangianBound.value(problem, multipliers: mu) else { return nil }
        var support = [[Int]](repeating: [], count: problem.unitCount)
        for (j, pair) in ilp.pairs.enumerated() where solution.values[j] > 1e-6 {
            support[pair.unit].append(pair.cluster)
        }
        return (bound, mu, support)
    }
}
