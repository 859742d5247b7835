/// Exact branch and bound on the assignment x[u][c] (depth first, with every eighth
/// node taken by least bound so the proven bound rises), for models of at
/// most 64 clusters, bounded at every node by the Lagrangian relaxation of the
/// assignment constraints: one 0-1 knapsack per cluster, solved exactly by
/// ``Knapsack`` (Fisher, Jaikumar and Van Wassenhove, "A multiplier adjustment
/// method for the generalized assignment problem", Management Science 32(9), 1986).
///
/// At each node:
/// - *propagation* drops clusters a free unit no longer fits (any resource, or a
///   conflicting unit already there) and assigns units left with one cluster;
/// - *subgradient* steps on the multipliers μ (warm-started from the parent) raise
///   L(μ) = fixed cost + Σ_u μ[u] − Σ_c max{ Σ_u (μ[u] − cost[u][c]) x[u] : knapsack c },
///   where cluster c's knapsack keeps one surrogate of its resource constraints
///   (weighted by the capacity prices) and anti-affinity is dropped: every step
///   only enlarges the feasible set, so L stays a bound;
/// - *variable fixing*: forcing x[u][c] to the value the relaxation did not choose
///   costs at least the knapsack's optimum minus a Dantzig bound of the forced one;
///   when that pushes L past the incumbent, the choice is fixed (Posta, Ferland and
///   Michelon, "An exact method with variable fixing for solving the generalized
///   assignment problem", Comput. Optim. Appl. 52, 2012);
/// - a *Lagrangian heuristic* repairs the relaxed solution into a placement.
///
/// Branching: the free unit the relaxation covers zero or several times (largest
/// demand first) goes to its cheapest candidate cluster, or is kept off it.
///
/// A node is pruned when its bound is within the problem's relative gap of the
/// incumbent, so "proven" means optimal within that gap. Deterministic: no
/// randomness, and time only decides where the search stops.
struct LagrangianBranchAndBound {
    struct Outcome {
        /// Proven lower bound on every complete placement (−∞ when none was proven).
        var bound: Double
        /// The search finished: the incumbent is optimal within the gap, or no
        /// complete placement exists when there is none.
        var proven: Bool
        var nodes: Int
        /// Each improvement of the incumbent: uptime seconds and objective.
        var improvements: [(time: Double, objective: Double)]
    }

    /// Whether the model suits this search: at most 64 clusters and 5,000 units (the
    /// knapsack search recurses once per item), every unit placeable somewhere.
    static func applies(to problem: PlacementProblem) -> Bool {
        problem.clusterCount <= 64 && (1...5_000).contains(problem.unitCount)
            && !problem.exclusion.contains { !$0.isEmpty }
    }

    private struct Node {
        var assigned: [Int]
        var mask: [UInt64]
        var residual: [Double]
        var fixedCost: Double
        var freeCount: Int
        var mu: [Double]
        /// The parent's bound: a bound on this node until it is processed.
        var bound: Double
    }

    let problem: PlacementProblem
    let nu: Int
    let nc: Int
    let r = PlacementProblem.resourceCount
    /// Per cluster and resource (C × 3): the weights of the surrogate constraint each
    /// cluster's knapsack keeps, Σ_k w[c][k]·load[k] ≤ Σ_k w[c][k]·free[k], scaled so
    /// the right-hand side is 1 on an empty cluster.
    let surrogate: [Double]
    /// Per unit and cluster (U × C): the unit's weight in the cluster's surrogate knapsack.
    let weights: [Double]
    /// Starting multipliers: each unit's cheapest cost plus capacity prices, which puts
    /// L(μ) near the LP bound from the first iteration.
    let startMu: [Double]
    let conflictsOf: [[Int]]
    /// Units by decreasing largest demand share of a cluster's free capacity.
    let largestFirst: [Int]
    var knapsacks: [Knapsack]
    var items: [(index: Int, profit: Double, weight: Double)] = []
    /// Per unit, during an evaluation: clusters whose knapsack took it.
    var takenBy: [UInt64]
    /// Per cluster: knapsack optimum of the last evaluation.
    var values: [Double]
    var incumbent: PlacementState
    var upper: Double
    var nodes = 0
    var improvements: [(time: Double, objective: Double)] = []
    let seed: UInt64
    /// Relative excess over the incumbent below which a repaired placement still gets
    /// a local search.
    let nearMiss = 0.005
    let clock: () -> Double
    /// The search's hard deadline (uptime seconds), for the local searches inside.
    var stopAt = Double.infinity
    /// Whether variable fixing cut a subtree whose bound lies within the pruning
    /// tolerance below the incumbent (so the final bound must allow for it).
    var fixedWithinTolerance = false

    init(
        _ problem: PlacementProblem, incumbent: PlacementState, capacityMultipliers: [Double]?,
        clock: @escaping () -> Double
    ) {
        self.clock = clock
        self.problem = problem
        nu = problem.unitCount
        nc = problem.clusterCount
        let r = PlacementProblem.resourceCount
        var kept = [Int](repeating: -1, count: nc)
        for c in 0..<nc {
            var best = 0.0
            for k in 0..<r where problem.free[c * r + k].isFinite {
                var need = 0.0
                for u in 0..<nu where problem.allowed[u * nc + c] { need += problem.demand(u, c, k) }
                let ratio = need / max(problem.free[c * r + k], 1e-12)
                if ratio > best {
                    best = ratio
                    kept[c] = k
                }
            }
        }
        // A nonnegative combination of a cluster's resource constraints is a valid
        // relaxation of them; the capacity prices weight the binding ones, and without
        // prices the most loaded resource stands alone.
        var surrogate = [Double](repeating: 0, count: nc * r)
        for c in 0..<nc {
            var scale = 0.0
            if let lambda = capacityMultipliers {
                for k in 0..<r where problem.free[c * r + k].isFinite && lambda[c * r + k] > 0 {
                    scale += lambda[c * r + k] * problem.free[c * r + k]
                }
                if scale > 0 {
                    for k in 0..<r where problem.free[c * r + k].isFinite && lambda[c * r + k] > 0 {
                        surrogate[c * r + k] = lambda[c * r + k] / scale
                    }
                    continue
                }
            }
            if kept[c] >= 0 { surrogate[c * r + kept[c]] = 1 / max(problem.free[c * r + kept[c]], 1e-12) }
        }
        self.surrogate = surrogate
        var weights = [Double](repeating: 0, count: nu * nc)
        for u in 0..<nu {
            for c in 0..<nc {
                for k in 0..<r where surrogate[c * r + k] > 0 {
                    weights[u * nc + c] += surrogate[c * r + k] * problem.demand(u, c, k)
                }
            }
        }
        self.weights = weights
        var mu = [Double](repeating: 0, count: nu)
        for u in 0..<nu {
            var least = Double.infinity
            for c in 0..<nc where problem.allowed[u * nc + c] {
                var v = problem.cost[u * nc + c]
                if let lambda = capacityMultipliers {
                    for k in 0..<r where lambda[c * r + k] > 0 {
                        v += lambda[c * r + k] * problem.demand(u, c, k)
                    }
                }
                least = min(least, v)
            }
            mu[u] = least.isFinite ? least : 0
        }
        startMu = mu
        var size = [Double](repeating: 0, count: nu)
        for u in 0..<nu {
            for c in 0..<nc where problem.allowed[u * nc + c] {
                for k in 0..<r where problem.free[c * r + k].isFinite {
                    size[u] = max(size[u], problem.demand(u, c, k) / max(problem.free[c * r + k], 1e-12))
                }
            }
        }
        largestFirst = (0..<nu).sorted { (size[$0], $1) > (size[$1], $0) }
        conflictsOf = incumbent.conflictsOf
        knapsacks = [Knapsack](repeating: Knapsack(), count: nc)
        takenBy = [UInt64](repeating: 0, count: nu)
        values = [Double](repeating: 0, count: nc)
        self.incumbent = incumbent
        upper = incumbent.completeCost
        seed = problem.seed
    }

    /// Searches until the tree is exhausted or `deadline` passes, improving
    /// `incumbent` in place.
    /// - Parameter capacityMultipliers: prices from ``LagrangianBound`` (C × 3): they
    ///   start the multipliers near the LP bound and weight the surrogate knapsacks.
    /// - Parameter promisingGap: the search stops at `shortDeadline` unless the gap
    ///   left then is at most this; otherwise it goes on to `deadline`.
    static func run(
        _ problem: PlacementProblem, incumbent: inout PlacementState, capacityMultipliers: [Double]?,
        deadline: Double, shortDeadline: Double, promisingGap: Double = 0.01, now: @escaping () -> Double
    ) -> Outcome {
        var search = LagrangianBranchAndBound(
            problem, incumbent: incumbent, capacityMultipliers: capacityMultipliers, clock: now)
        let outcome = search.run(deadline: deadline, shortDeadline: shortDeadline, promisingGap: promisingGap)
        if !outcome.improvements.isEmpty { incumbent = search.incumbent }
        return outcome
    }

    /// The pruning tolerance at the current incumbent: the relative gap, or when costs
    /// are integral just under 1 if that is more (no placement costs strictly between
    /// `upper − 1` and `upper`). `upper − tolerance` is non-decreasing in `upper`, so it
    /// only falls as the incumbent improves.
    var tolerance: Double {
        upper.isFinite
            ? max(problem.relativeGap * max(abs(upper), 1e-9), problem.integralSlack(below: upper)) : 0
    }

    mutating func run(deadline: Double, shortDeadline: Double, promisingGap: Double) -> Outcome {
        var deadline = deadline
        stopAt = deadline
        var rootMask = [UInt64](repeating: 0, count: nu)
        for u in 0..<nu {
            for c in 0..<nc where problem.allowed[u * nc + c] { rootMask[u] |= 1 << UInt64(c) }
        }
        var stack = [
            Node(
                assigned: [Int](repeating: -1, count: nu), mask: rootMask, residual: problem.free, fixedCost: 0,
                freeCount: nu, mu: startMu, bound: -.infinity)
        ]
        // Least bound over pruned subtrees (each ≥ its bound).
        var closed = Double.infinity
        var isRoot = true
        var decided = false
        // Depth first, except that every eighth node is the open one with the least
        // bound: a pure dive never raises the proven bound above the root's until a
        // whole side of the root is closed.
        var pops = 0
        func next() -> Node? {
            guard !stack.isEmpty else { return nil }
            pops += 1
            if pops % 8 == 0, let i = stack.indices.min(by: { stack[$0].bound < stack[$1].bound }),
                i != stack.count - 1
            {
                return stack.remove(at: i)
            }
            return stack.popLast()
        }
        while var node = next() {
            if !decided && !isRoot && clock() >= shortDeadline {
                // Keep going only while the gap left is small enough to close.
                decided = true
                let open = min(stack.map(\.bound).min() ?? .infinity, node.bound)
                let bound = min(closed, open, fixedWithinTolerance ? upper - tolerance : upper)
                if !(upper.isFinite && upper - problem.provenLeast(bound) <= promisingGap * max(abs(upper), 1e-9)) {
                    deadline = min(deadline, shortDeadline)
                }
            }
            if clock() >= deadline && !isRoot {
                stack.append(node)
                break
            }
            nodes += 1
            if node.bound >= upper - tolerance {
                closed = min(closed, node.bound)
                continue
            }
            let result = process(&node, isRoot: isRoot, deadline: deadline)
            if isRoot {
                isRoot = false
                if !result.finished {
                    // The root ran out of time: its bound is all that is proven.
                    return Outcome(
                        bound: min(result.bound, upper), proven: false, nodes: nodes, improvements: improvements)
                }
            }
            if let (u, c) = result.branch {
                var off = node
                off.mask[u] &= ~(1 << UInt64(c))
                off.bound = result.bound
                var on = node
                on.bound = result.bound
                assign(&on, u, c)
                stack.append(off)
                stack.append(on)
            } else {
                closed = min(closed, result.bound)
            }
        }
        let open = stack.map(\.bound).min() ?? .infinity
        // Subtrees fixed away within the tolerance are not in `closed`: each is only
        // known to be ≥ the incumbent less the tolerance at the time, which is ≥ the
        // final incumbent less the final tolerance.
        let bound = min(closed, open, fixedWithinTolerance ? upper - tolerance : upper)
        return Outcome(
            bound: bound, proven: stack.isEmpty, nodes: nodes, improvements: improvements)
    }

    private func fits(_ node: Node, _ u: Int, _ c: Int) -> Bool {
        for k in 0..<r where problem.demand(u, c, k) > node.residual[c * r + k] + 1e-9 { return false }
        for v in conflictsOf[u] where node.assigned[v] == c { return false }
        return true
    }

    private func assign(_ node: inout Node, _ u: Int, _ c: Int) {
        node.assigned[u] = c
        node.mask[u] = 1 << UInt64(c)
        node.freeCount -= 1
        node.fixedCost += problem.cost[u * nc + c]
        for k in 0..<r { node.residual[c * r + k] -= problem.demand(u, c, k) }
    }

    /// Drops clusters free units no longer fit and assigns units left with one.
    /// Returns false when some unit fits nowhere.
    private func propagate(_ node: inout Node) -> Bool {
        var changed = true
        while changed {
            changed = false
            for u in 0..<nu where node.assigned[u] < 0 {
                var m = node.mask[u]
                var bits = m
                while bits != 0 {
                    let c = bits.trailingZeroBitCount
                    bits &= bits - 1
                    if !fits(node, u, c) { m &= ~(1 << UInt64(c)) }
                }
                node.mask[u] = m
                if m == 0 { return false }
                if m.nonzeroBitCount == 1 {
                    assign(&node, u, m.trailingZeroBitCount)
                    changed = true
                }
            }
        }
        return true
    }

    /// L(μ) at `node`; fills `takenBy` and `values`. Also returns whether every
    /// knapsack was solved exactly.
    private mutating func evaluate(_ node: Node, _ mu: [Double]) -> (value: Double, exact: Bool) {
        var value = node.fixedCost
        for u in 0..<nu where node.assigned[u] < 0 {
            value += mu[u]
            takenBy[u] = 0
        }
        var exact = true
        for c in 0..<nc {
            items.removeAll(keepingCapacity: true)
            let bit: UInt64 = 1 << UInt64(c)
            for u in 0..<nu where node.assigned[u] < 0 && node.mask[u] & bit != 0 {
                let p = mu[u] - problem.cost[u * nc + c]
                if p > 0 { items.append((u, p, weights[u * nc + c])) }
            }
            var capacity = 0.0
            for k in 0..<r where surrogate[c * r + k] > 0 {
                capacity += surrogate[c * r + k] * node.residual[c * r + k]
            }
            capacity = max(0, capacity)
            let v = knapsacks[c].solve(items, capacity: capacity)
            values[c] = v
            value -= v
            if !knapsacks[c].isExact { exact = false }
            knapsacks[c].forEachTaken { takenBy[$0] |= bit }
        }
        return (value, exact)
    }

    private struct NodeResult {
        var bound: Double
        /// Where to branch; nil when the node is closed.
        var branch: (unit: Int, cluster: Int)?
        /// False when the root stopped at the deadline before its bound converged.
        var finished: Bool
    }

    private mutating func process(_ node: inout Node, isRoot: Bool, deadline: Double) -> NodeResult {
        guard propagate(&node) else { return NodeResult(bound: .infinity, branch: nil, finished: true) }
        if node.freeCount == 0 {
            offer(node.assigned, cost: node.fixedCost)
            return NodeResult(bound: node.fixedCost, branch: nil, finished: true)
        }
        var mu = node.mu
        var bestMu = mu
        var best = -Double.infinity
        var theta = isRoot ? 1.0 : 0.25
        var stall = 0
        let iterations = isRoot ? 600 : 30
        let patience = isRoot ? 20 : 4
        var finished = true
        for iteration in 0..<iterations {
            if isRoot && iteration % 8 == 0 && clock() >= deadline {
                finished = false
                break
            }
            let (value, exact) = evaluate(node, mu)
            if best == -.infinity || value > best + 1e-12 * max(1, abs(best)) {
                best = value
                bestMu = mu
                stall = 0
            } else {
                stall += 1
                if stall >= patience {
                    theta /= 2
                    stall = 0
                }
            }
            if best >= upper - tolerance { return NodeResult(bound: best, branch: nil, finished: true) }
            var norm = 0.0
            for u in 0..<nu where node.assigned[u] < 0 {
                let g = 1 - Double(takenBy[u].nonzeroBitCount)
                norm += g * g
            }
            if isRoot || norm == 0 || iteration == iterations - 1 { repair(node) }
            if norm == 0 {
                // The relaxation chose one cluster per unit: if that placement is feasible
                // it is this node's optimum (complementary slackness).
                if exact && relaxedIsFeasible(node) { return NodeResult(bound: value, branch: nil, finished: true) }
                break
            }
            if theta < 1e-4 { break }
            let target = upper.isFinite ? upper : best + max(1, 0.05 * abs(best))
            let step = theta * max(target - value, 1e-9 * max(1, abs(target))) / norm
            for u in 0..<nu where node.assigned[u] < 0 { mu[u] += step * (1 - Double(takenBy[u].nonzeroBitCount)) }
        }
        // Fixing at the best multipliers.
        let (value, exact) = evaluate(node, bestMu)
        node.mu = bestMu
        if value >= upper - tolerance { return NodeResult(bound: value, branch: nil, finished: finished) }
        if exact {
            for u in 0..<nu where node.assigned[u] < 0 {
                var bits = node.mask[u]
                while bits != 0 {
                    let c = bits.trailingZeroBitCount
                    bits &= bits - 1
                    let bit: UInt64 = 1 << UInt64(c)
                    let p = bestMu[u] - problem.cost[u * nc + c]
                    let w = weights[u * nc + c]
                    if takenBy[u] & bit == 0 {
                        let forced = value + values[c] - knapsacks[c].boundForcingIn(u, profit: p, weight: w)
                        if forced >= upper - tolerance {
                            node.mask[u] &= ~bit
                            if forced < upper { fixedWithinTolerance = true }
                        }
                    } else {
                        let forced = value + values[c] - knapsacks[c].boundLeavingOut(u, profit: p, weight: w)
                        if forced >= upper - tolerance {
                            if forced < upper { fixedWithinTolerance = true }
                            // Every improving placement puts u on c.
                            node.mask[u] = bit
                            break
                        }
                    }
                }
                if node.mask[u] == 0 {
                    // Every cluster left for u was fixed away: no improving placement here.
                    return NodeResult(bound: max(value, upper - tolerance), branch: nil, finished: finished)
                }
            }
        }
        // Branch on a unit covered zero or several times (else any free unit), largest demand first.
        var pick = -1
        var pickScore = -Double.infinity
        for u in 0..<nu where node.assigned[u] < 0 {
            let count = takenBy[u].nonzeroBitCount
            let single = node.mask[u].nonzeroBitCount == 1
            var size = 0.0
            for c in 0..<nc where node.mask[u] & (1 << UInt64(c)) != 0 { size = max(size, weights[u * nc + c]) }
            // Prefer units with a choice to make: singletons are assigned, not branched on.
            let score = (single ? -2.0 : (count != 1 ? 1.0 : 0.0)) * 1e6 + size
            if score > pickScore {
                pickScore = score
                pick = u
            }
        }
        let u = pick
        var choice = -1
        var choiceCost = Double.infinity
        let candidates = takenBy[u] & node.mask[u] != 0 ? takenBy[u] & node.mask[u] : node.mask[u]
        var bits = candidates
        while bits != 0 {
            let c = bits.trailingZeroBitCount
            bits &= bits - 1
            if problem.cost[u * nc + c] < choiceCost && fits(node, u, c) {
                choiceCost = problem.cost[u * nc + c]
                choice = c
            }
        }
        // Propagation left only clusters u fits, so there is a choice; without one the
        // node would hold no placement.
        guard choice >= 0 else { return NodeResult(bound: .infinity, branch: nil, finished: finished) }
        return NodeResult(bound: value, branch: (u, choice), finished: finished)
    }

    /// Whether the relaxed choice (each free unit on the one cluster that took it)
    /// respects every resource and conflict; offers it as an incumbent when it does.
    private mutating func relaxedIsFeasible(_ node: Node) -> Bool {
        var assign = node.assigned
        var residual = node.residual
        for u in 0..<nu where assign[u] < 0 {
            let c = takenBy[u].trailingZeroBitCount
            assign[u] = c
            for k in 0..<r { residual[c * r + k] -= problem.demand(u, c, k) }
        }
        if residual.contains(where: { $0 < -1e-9 }) { return false }
        for (a, b) in problem.conflicts where assign[a] == assign[b] { return false }
        var cost = 0.0
        for u in 0..<nu { cost += problem.cost[u * nc + assign[u]] }
        offer(assign, cost: cost)
        return true
    }

    /// The Lagrangian heuristic: keep each free unit on the cheapest cluster whose
    /// knapsack took it (largest units first), then put the rest on their cheapest
    /// cluster with room; offer the result when it is complete and cheaper.
    private mutating func repair(_ node: Node) {
        var assign = node.assigned
        var residual = node.residual
        func fitsNow(_ u: Int, _ c: Int) -> Bool {
            for k in 0..<r where problem.demand(u, c, k) > residual[c * r + k] + 1e-9 { return false }
            for v in conflictsOf[u] where assign[v] == c { return false }
            return true
        }
        func place(_ u: Int, _ c: Int) {
            if assign[u] >= 0 {
                let old = assign[u]
                for k in 0..<r { residual[old * r + k] += problem.demand(u, old, k) }
            }
            assign[u] = c
            for k in 0..<r { residual[c * r + k] -= problem.demand(u, c, k) }
        }
        for pass in 0..<2 {
            for u in largestFirst where assign[u] < 0 {
                let candidates = pass == 0 ? takenBy[u] & node.mask[u] : node.mask[u]
                guard candidates != 0 else { continue }
                var best = -1
                var bestCost = Double.infinity
                var bits = candidates
                while bits != 0 {
                    let c = bits.trailingZeroBitCount
                    bits &= bits - 1
                    if problem.cost[u * nc + c] < bestCost && fitsNow(u, c) {
                        bestCost = problem.cost[u * nc + c]
                        best = c
                    }
                }
                if best >= 0 {
                    place(u, best)
                    continue
                }
                guard pass == 1 else { continue }
                // No room anywhere: make room on some cluster c by moving one unit v
                // placed there (not fixed by the node) to another cluster it fits.
                var move: (v: Int, to: Int, c: Int)? = nil
                var moveCost = Double.infinity
                for v in 0..<nu where assign[v] >= 0 && node.assigned[v] < 0 {
                    let c = assign[v]
                    guard node.mask[u] & (1 << UInt64(c)) != 0 else { continue }
                    // Would u fit on c without v?
                    var room = true
                    for k in 0..<r
                    where problem.demand(u, c, k)
                        > residual[c * r + k] + problem.demand(v, c, k) + 1e-9
                    {
                        room = false
                        break
                    }
                    guard room, !conflictsOf[u].contains(where: { $0 != v && assign[$0] == c }) else { continue }
                    var others = node.mask[v] & ~(1 << UInt64(c))
                    while others != 0 {
                        let d = others.trailingZeroBitCount
                        others &= others - 1
                        let delta =
                            problem.cost[u * nc + c] + problem.cost[v * nc + d] - problem.cost[v * nc + c]
                        if delta < moveCost && fitsNow(v, d) && !conflictsOf[u].contains(v) {
                            moveCost = delta
                            move = (v, d, c)
                        }
                    }
                }
                guard let move else { return }
                place(move.v, move.to)
                place(u, move.c)
            }
        }
        var total = 0.0
        for u in 0..<nu { total += problem.cost[u * nc + assign[u]] }
        // Near-misses too: the local search in `offer` often takes them below the incumbent.
        guard total < upper * (1 + nearMiss) || !upper.isFinite else { return }
        offer(assign, cost: total)
    }

    /// Takes a complete, feasible placement as the incumbent when cheaper, after a
    /// local search on it.
    private mutating func offer(_ assign: [Int], cost: Double) {
        guard cost < upper * (1 + nearMiss) || !upper.isFinite else { return }
        var state = PlacementState(problem)
        for u in 0..<nu { state.move(u, to: assign[u]) }
        PlacementHeuristics.improve(&state, seed: seed &+ UInt64(nodes), deadline: stopAt, now: clock)
        guard !upper.isFinite || state.completeCost < upper - 1e-9 * max(1, abs(upper)) else { return }
        incumbent = state
        upper = state.completeCost
        improvements.append((clock(), upper))
    }
}
