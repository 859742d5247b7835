import Matrix

/// Large neighbourhood search with GLPK as the repair operator: free every unit on
/// a few clusters, re-solve that sub-assignment exactly (within a short time
/// limit), keep it when cheaper. The neighbourhood is small enough for
/// branch-and-cut to close it quickly, yet moves many units at once, which shift
/// and swap moves cannot.
enum LargeNeighbourhoodSearch {
    /// Improves `state` in place until `deadline`; returns whether it improved.
    static func run(
        _ state: inout PlacementState, clustersPerMove: Int = 3, seed: UInt64, deadline: Double,
        linked: [[Int]] = [], now: () -> Double
    ) -> Bool {
        let problem = state.problem
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard nc >= 2, !state.assign.contains(-1) else { return false }
        var rng = SplitMix64(seed: seed ^ 0x4C4E53)
        var improved = false
        var rounds = 0
        while now() < deadline - 0.01 && rounds < 1_000_000 {
            rounds += 1
            var chosen: [Int] = []
            // 2 to clustersPerMove + 1 clusters, varying for diversity.
            let size = min(nc, 2 + Int(rng.next() % UInt64(max(clustersPerMove, 1))))
            // Every other move starts from clusters the LP relaxation splits one unit over.
            if !linked.isEmpty && rounds % 2 == 0 {
                for c in linked[Int(rng.next() % UInt64(linked.count))] where chosen.count < size && !chosen.contains(c)
                {
                    chosen.append(c)
                }
            }
            while chosen.count < size {
                let c = Int(rng.next() % UInt64(nc))
                if !chosen.contains(c) { chosen.append(c) }
            }
            let freed = chosen.flatMap { state.members[$0] }.sorted()
            guard freed.count >= 2 else { continue }
            var columns: [(unit: Int, cluster: Int)] = []
            var columnOf: [Int: Int] = [:]
            for u in freed {
                for c in chosen where problem.allowed[u * nc + c] {
                    columnOf[u * nc + c] = columns.count
                    columns.append((u, c))
                }
            }
            var model = LinearModel(columns: columns.count, lower: 0, upper: 1)
            model.integerColumns = Set(0..<columns.count)
            for (j, p) in columns.enumerated() { model.objective[j] = problem.cost[p.unit * nc + p.cluster] }
            for u in freed {
                model.addRow(chosen.compactMap { columnOf[u * nc + $0].map { ($0, 1.0) } }, lower: 1, upper: 1)
            }
            for c in chosen {
                for k in 0..<r where problem.free[c * r + k].isFinite {
                    let terms = freed.compactMap { u in
                        columnOf[u * nc + c].map { ($0, problem.demand(u, c, k)) }
                    }.filter { $0.1 > 0 }
                    if !terms.isEmpty { model.addRow(terms, lower: -.infinity, upper: problem.free[c * r + k]) }
                }
            }
            let freedSet = Set(freed)
            for (a, b) in problem.conflicts where freedSet.contains(a) && freedSet.contains(b) {
                for c in chosen {
                    if let x = columnOf[a * nc + c], let y = columnOf[b * nc + c] {
                        model.addRow([(x, 1), (y, 1)], lower: -.infinity, upper: 1)
                    }
                }
            }
            let start = columns.map { state.assign[$0.unit] == $0.cluster ? 1.0 : 0.0 }
            let before = freed.reduce(0.0) { $0 + state.costOf($1, state.assign[$1]) }
            let budget = min(0.25, deadline - now())
            guard budget > 0.005,
                let solution = try? GLPKSolver(timeLimit: budget, relativeGap: 1e-6).solve(model, start: start),
                let objective = solution.objective, objective < before - 1e-9 * max(1, abs(before))
            else { continue }
            // Each move is checked as every heuristic's is, so GLPK's tolerances cannot let
            // an overfull cluster or a conflict through; a rejected answer leaves `state`.
            var trial = state
            for u in freed { trial.move(u, to: -1) }
            var accepted = true
            for (j, p) in columns.enumerated() where solution.values[j] > 0.5 {
                guard trial.assign[p.unit] == -1, trial.fits(p.unit, p.cluster) else {
                    accepted = false
                    break
                }
                trial.move(p.unit, to: p.cluster)
            }
            guard accepted, !trial.assign.contains(-1), trial.isBetter(than: state) else { continue }
            state = trial
            improved = true
        }
        return improved
    }
}
