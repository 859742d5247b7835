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
    /// - Complexity: O(U + C · R · members) to find the freed units and the capacity
    ///   left, O(freed · C) to build, then one GLPK solve.
    static func run(_ state: inout PlacementState, support: [[Int]], deadline: Double, now: () -> Double) -> Bool {
        let problem = state.problem
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard support.count == problem.unitCount, !state.assign.contains(-1) else { return false }
        let freed = (0..<problem.unitCount).filter { support[$0] != [state.assign[$0]] }
        guard freed.count >= 2, freed.count <= unitLimit else { return false }
        let freedSet = Set(freed)
        // Capacity left by the units that stay.
        var residual = problem.free
        for c in 0..<nc {
            for k in 0..<r where residual[c * r + k].isFinite {
                var load = state.load[c * r + k]
                for u in state.members[c] where freedSet.contains(u) { load -= problem.demand(u, c, k) }
                residual[c * r + k] -= load
            }
        }
        // A freed unit may not join a staying unit it conflicts with.
        var barred = Set<Int>()
        for (a, b) in problem.conflicts {
            if freedSet.contains(a) && !freedSet.contains(b) { barred.insert(a * nc + state.assign[b]) }
            if freedSet.contains(b) && !freedSet.contains(a) { barred.insert(b * nc + state.assign[a]) }
        }
        var columns: [(unit: Int, cluster: Int)] = []
        var columnOf: [Int: Int] = [:]
        for u in freed {
            for c in Set(support[u] + [state.assign[u]]).sorted()
            where problem.allowed[u * nc + c] && !barred.contains(u * nc + c) {
                columnOf[u * nc + c] = columns.count
                columns.append((u, c))
            }
        }
        var model = LinearModel(columns: columns.count, lower: 0, upper: 1)
        model.integerColumns = Set(0..<columns.count)
        for (j, p) in columns.enumerated() { model.objective[j] = problem.cost[p.unit * nc + p.cluster] }
        for u in freed {
            model.addRow((0..<nc).compactMap { c in columnOf[u * nc + c].map { ($0, 1.0) } }, lower: 1, upper: 1)
        }
        for c in 0..<nc {
            for k in 0..<r where residual[c * r + k].isFinite {
                let terms = freed.compactMap { u in columnOf[u * nc + c].map { ($0, problem.demand(u, c, k)) } }
                    .filter { $0.1 > 0 }
                if !terms.isEmpty { model.addRow(terms, lower: -.infinity, upper: max(0, residual[c * r + k])) }
            }
        }
        for (a, b) in problem.conflicts where freedSet.contains(a) && freedSet.contains(b) {
            for c in 0..<nc {
                if let x = columnOf[a * nc + c], let y = columnOf[b * nc + c] {
                    model.addRow([(x, 1), (y, 1)], lower: -.infinity, upper: 1)
                }
            }
        }
        let start = columns.map { state.assign[$0.unit] == $0.cluster ? 1.0 : 0.0 }
        let before = freed.reduce(0.0) { $0 + state.costOf($1, state.assign[$1]) }
        let budget = deadline - now()
        guard budget > 0.01,
            let solution = try? GLPKSolver(timeLimit: budget, relativeGap: 1e-6).solve(model, start: start),
            let objective = solution.objective, objective < before - 1e-9 * max(1, abs(before))
        else { return false }
        var trial = state
        for u in freed { trial.move(u, to: -1) }
        // Each move is checked as every heuristic's is, so GLPK's tolerances cannot
        // let an overfull cluster or a conflict through.
        for (j, p) in columns.enumerated() where solution.values[j] > 0.5 {
            guard trial.assign[p.unit] == -1, trial.fits(p.unit, p.cluster) else { return false }
            trial.move(p.unit, to: p.cluster)
        }
        guard !trial.assign.contains(-1), trial.isBetter(than: state) else { return false }
        state = trial
        return true
    }
}
