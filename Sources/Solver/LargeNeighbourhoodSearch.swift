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
        let nc = problem.clusterCount
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
            let budget = min(0.25, deadline - now())
            guard budget > 0.005,
                let better = SubAssignment.improve(
                    state, freed: freed, clusters: chosen, candidates: { _ in chosen }, timeLimit: budget)
            else { continue }
            state = better
            improved = true
        }
        return improved
    }
}
