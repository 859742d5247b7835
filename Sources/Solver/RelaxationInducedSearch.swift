import Matrix

/// Relaxation-induced neighbourhood search (RINS; Danna, Rothberg and Le Pape,
/// "Exploring relaxation induced neighborhoods to improve MIP solutions", Math.
/// Programming 102, 2005): units the placement puts where the LP relaxation puts
/// them whole stay; every other unit is freed and the sub-assignment is solved
/// exactly by GLPK over the clusters the LP puts some of the unit on and the one it
/// is on now, with the capacity the staying units leave, starting from the placement.
/// A basic LP solution splits at most one unit per binding capacity row, so on tight
/// models the freed set is small and spread over every cluster — a neighbourhood that
/// moves of a few clusters at a time miss.
enum RelaxationInducedSearch {
    /// At most this many units are freed (else the sub-model is as hard as the whole).
    static let unitLimit = 400

    /// Improves `state` in place within `deadline`; returns whether it improved.
    /// `support[u]` lists the clusters the relaxation puts some of unit `u` on.
    /// - Complexity: O(U) to find the freed units, then one ``SubAssignment``.
    static func run(_ state: inout PlacementState, support: [[Int]], deadline: Double, now: () -> Double) -> Bool {
        let problem = state.problem
        guard support.count == problem.unitCount, !state.assign.contains(-1) else { return false }
        let freed = (0..<problem.unitCount).filter { support[$0] != [state.assign[$0]] }
        guard freed.count >= 2, freed.count <= unitLimit else { return false }
        let budget = deadline - now()
        guard budget > 0.01,
            let better = SubAssignment.improve(
                state, freed: freed, clusters: Array(0..<problem.clusterCount),
                candidates: { u in Set(support[u] + [state.assign[u]]).sorted() }, timeLimit: budget)
        else { return false }
        state = better
        return true
    }
}
