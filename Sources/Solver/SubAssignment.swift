/// The repair step the neighbourhood searches share: some units are freed, the rest
/// stay, and GLPK re-places the freed ones exactly, from the current placement.
///
/// The model: binary x per freed unit and candidate cluster; one assignment row per
/// freed unit; per cluster and limited resource, the capacity the staying units leave;
/// x[a][c] + x[b][c] ≤ 1 for conflicting freed units. A freed unit is not offered a
/// cluster where a staying unit it conflicts with sits.
enum SubAssignment {
    /// `state` with `freed` re-placed, when GLPK finds a cheaper sub-assignment within
    /// `timeLimit` seconds and every move of it passes ``PlacementState/fits(_:_:without:)``
    /// (so GLPK's tolerances cannot let an overfull cluster or a conflict through);
    /// else nil. `clusters` orders the capacity and conflict rows; `candidates(u)`
    /// lists, in order, the clusters unit `u` may take (its own among them, so the
    /// current placement is a feasible start). Precondition: `state` is complete.
    /// - Complexity: O(Σ_c members(c) · R + conflicts + freed · candidates) to build,
    ///   then one GLPK solve.
    static func improve(
        _ state: PlacementState, freed: [Int], clusters: [Int], candidates: (Int) -> [Int], timeLimit: Double
    ) -> PlacementState? {
        let problem = state.problem
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        let freedSet = Set(freed)
        // A freed unit may not join a staying unit it conflicts with.
        var barred = Set<Int>()
        for (a, b) in problem.conflicts {
            if freedSet.contains(a) && !freedSet.contains(b) { barred.insert(a * nc + state.assign[b]) }
            if freedSet.contains(b) && !freedSet.contains(a) { barred.insert(b * nc + state.assign[a]) }
        }
        var columns: [(unit: Int, cluster: Int)] = []
        var columnOf: [Int: Int] = [:]
        var model = LinearModel(columns: 0)
        for u in freed {
            var row: [(column: Int, coefficient: Double)] = []
            for c in candidates(u) where problem.allowed[u * nc + c] && !barred.contains(u * nc + c) {
                columnOf[u * nc + c] = columns.count
                row.append((columns.count, 1))
                columns.append((u, c))
            }
            model.addRow(row, lower: 1, upper: 1)
        }
        model.objective = columns.map { problem.cost[$0.unit * nc + $0.cluster] }
        model.columnLower = [Double](repeating: 0, count: columns.count)
        model.columnUpper = [Double](repeating: 1, count: columns.count)
        model.integerColumns = Set(0..<columns.count)
        for c in clusters {
            for k in 0..<r where problem.free[c * r + k].isFinite {
                let terms = freed.compactMap { u in columnOf[u * nc + c].map { ($0, problem.demand(u, c, k)) } }
                    .filter { $0.1 > 0 }
                guard !terms.isEmpty else { continue }
                // The capacity the staying units leave.
                var left = problem.free[c * r + k]
                for u in state.members[c] where !freedSet.contains(u) { left -= problem.demand(u, c, k) }
                model.addRow(terms, lower: -.infinity, upper: max(0, left))
            }
        }
        for (a, b) in problem.conflicts where freedSet.contains(a) && freedSet.contains(b) {
            for c in clusters {
                if let x = columnOf[a * nc + c], let y = columnOf[b * nc + c] {
                    model.addRow([(x, 1), (y, 1)], lower: -.infinity, upper: 1)
                }
            }
        }
        let start = columns.map { state.assign[$0.unit] == $0.cluster ? 1.0 : 0.0 }
        let before = freed.reduce(0.0) { $0 + state.costOf($1, state.assign[$1]) }
        guard let solution = try? GLPKSolver(timeLimit: timeLimit, relativeGap: 1e-6).solve(model, start: start),
            let objective = solution.objective, objective < before - 1e-9 * max(1, abs(before))
        else { return nil }
        var trial = state
        for u in freed { trial.move(u, to: -1) }
        for (j, p) in columns.enumerated() where solution.values[j] > 0.5 {
            guard trial.assign[p.unit] == -1, trial.fits(p.unit, p.cluster) else { return nil }
            trial.move(p.unit, to: p.cluster)
        }
        guard !trial.assign.contains(-1), trial.isBetter(than: state) else { return nil }
        return trial
    }
}
