/// A (partial) assignment of units to clusters with its loads, kept consistent by
/// ``move(_:to:)``; feasibility checks are O(resources + conflicts of the unit).
struct PlacementState {
    let problem: PlacementProblem
    /// Cluster of each unit, -1 when unplaced.
    private(set) var assign: [Int]
    /// Per cluster and resource: load added by this placement.
    private(set) var load: [Double]
    /// Sum of costs of placed units.
    private(set) var cost: Double = 0
    /// Conflicting units of each unit.
    let conflictsOf: [[Int]]
    /// Units on each cluster (unordered), and each unit's slot in its list.
    private(set) var members: [[Int]]
    private var slot: [Int]

    init(_ problem: PlacementProblem) {
        self.problem = problem
        assign = [Int](repeating: -1, count: problem.unitCount)
        load = [Double](repeating: 0, count: problem.clusterCount * PlacementProblem.resourceCount)
        var conflicts = [[Int]](repeating: [], count: problem.unitCount)
        for (a, b) in problem.conflicts {
            conflicts[a].append(b)
            conflicts[b].append(a)
        }
        conflictsOf = conflicts
        members = [[Int]](repeating: [], count: problem.clusterCount)
        slot = [Int](repeating: -1, count: problem.unitCount)
    }

    /// Units placed.
    private(set) var placedCount = 0
    /// Sum of the priorities of the placed units.
    private(set) var placedPriority = 0.0

    /// The objective of a complete placement; `+infinity` while a unit is unplaced.
    var completeCost: Double { placedCount == problem.unitCount ? cost : .infinity }

    /// The lexicographic order every method shares: more placed priority, then (on a
    /// tie within 1e-9) lower cost. Complete placements all tie on priority, so among
    /// them it is the cost alone.
    func isBetter(than other: PlacementState) -> Bool {
        let epsilon = 1e-9 * max(1, placedPriority, other.placedPriority)
        if placedPriority > other.placedPriority + epsilon { return true }
        if placedPriority < other.placedPriority - epsilon { return false }
        return cost < other.cost - 1e-9 * max(1, abs(other.cost))
    }

    @inline(__always)
    func costOf(_ u: Int, _ c: Int) -> Double { problem.cost[u * problem.clusterCount + c] }

    /// Whether `u` can go to `c` (ignoring where it is now, except for its own load
    /// when `c` is its current cluster), optionally as if `without` left `c`.
    func fits(_ u: Int, _ c: Int, without: Int = -1) -> Bool {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard problem.allowed[u * nc + c] else { return false }
        for k in 0..<r {
            var l = load[c * r + k] + problem.demand(u, c, k)
            if assign[u] == c { l -= problem.demand(u, c, k) }
            if without >= 0, assign[without] == c { l -= problem.demand(without, c, k) }
            if l > problem.free[c * r + k] + 1e-9 { return false }
        }
        for v in conflictsOf[u] where v != without && assign[v] == c { return false }
        return true
    }

    mutating func move(_ u: Int, to c: Int) {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        let old = assign[u]
        if old >= 0 {
            for k in 0..<r { load[old * r + k] -= problem.demand(u, old, k) }
            cost -= costOf(u, old)
            let i = slot[u]
            let last = members[old].removeLast()
            if last != u {
                members[old][i] = last
                slot[last] = i
            }
            slot[u] = -1
            placedCount -= 1
            placedPriority -= problem.priority[u]
        }
        assign[u] = c
        if c >= 0 {
            for k in 0..<r { load[c * r + k] += problem.demand(u, c, k) }
            cost += costOf(u, c)
            slot[u] = members[c].count
            members[c].append(u)
            placedCount += 1
            placedPriority += problem.priority[u]
        }
    }
}
