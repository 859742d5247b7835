import Matrix

/// Construction and improvement heuristics on units.
enum PlacementHeuristics {
    /// Regret greedy: units with the most to lose if they miss their cheapest
    /// cluster go first (with `allowPartial`, higher priority first), each to its
    /// cheapest cluster that still fits. When that leaves units out, a second pass in
    /// decreasing size (first-fit decreasing, by preference) is tried and the better
    /// of the two kept; then ejection repairs what is left.
    /// - Complexity: O(U · C) to rank, O(U log U) per pass, plus the repair.
    ///
    /// `multipliers` (per cluster and resource, from ``LagrangianBound``) price
    /// capacity into the ranking: a cluster's cost for a unit becomes
    /// cost + Σ_r λ[c][r]·demand, which steers units away from clusters the bound
    /// found overloaded. The objective itself is never changed.
    static func construct(_ problem: PlacementProblem, multipliers: [Double]? = nil) -> PlacementState {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        let empty = PlacementState(problem)
        func rank(_ u: Int, _ c: Int) -> Double {
            var v = empty.costOf(u, c)
            if let multipliers {
                for k in 0..<r { v += multipliers[c * r + k] * problem.demand(u, c, k) }
            }
            return v
        }
        // Each unit's allowed clusters by (rank, index), as a stable sort by rank gives
        // them: the first `headLength` for every unit, the whole list only for the units
        // that need more (no fit among the head, or the repair). Sorting every unit's
        // clusters was 10 s and 800 MB at 100,000 x 1,000.
        let nu = problem.unitCount
        let headLength = 8
        var heads = [[Int]](repeating: [], count: nu)
        var allowedCount = [Int](repeating: 0, count: nu)
        var fullRankings: [Int: [Int]] = [:]
        func ranking(_ u: Int) -> [Int] {
            if allowedCount[u] <= heads[u].count { return heads[u] }
            if let known = fullRankings[u] { return known }
            let list = (0..<nc).filter { problem.allowed[u * nc + $0] }.map { (rank(u, $0), $0) }.sorted { $0 < $1 }
                .map(\.1)
            fullRankings[u] = list
            return list
        }
        var regretKey = [Double](repeating: 0, count: nu)
        var sizeKey = [Double](repeating: 0, count: nu)
        var meanFree = [Double](repeating: 0, count: r)
        for k in 0..<r {
            let finite = (0..<nc).map { problem.free[$0 * r + k] }.filter(\.isFinite)
            meanFree[k] = finite.isEmpty ? 0 : max(finite.reduce(0, +) / Double(finite.count), 1e-12)
        }
        var head: [(Double, Int)] = []
        head.reserveCapacity(headLength + 1)
        for u in 0..<nu {
            head.removeAll(keepingCapacity: true)
            var count = 0
            for c in 0..<nc where problem.allowed[u * nc + c] {
                count += 1
                let key = (rank(u, c), c)
                guard head.count < headLength || key < head[headLength - 1] else { continue }
                var i = head.count
                while i > 0 && key < head[i - 1] { i -= 1 }
                head.insert(key, at: i)
                if head.count > headLength { head.removeLast() }
            }
            allowedCount[u] = count
            heads[u] = head.map(\.1)
            let regret = head.count >= 2 ? head[1].0 - head[0].0 : .infinity
            regretKey[u] = regret.isInfinite ? .greatestFiniteMagnitude : regret
            let c0 = head.first?.1 ?? 0
            sizeKey[u] = (0..<r).reduce(0.0) {
                $0 + (meanFree[$1] > 0 ? problem.demand(u, c0, $1) / meanFree[$1] : 0)
            }
        }
        func pass(_ key: [Double]) -> PlacementState {
            var state = empty
            let order = (0..<problem.unitCount).sorted {
                if problem.allowPartial, problem.priority[$0] != problem.priority[$1] {
                    return problem.priority[$0] > problem.priority[$1]
                }
                return (key[$0], $1) > (key[$1], $0)
            }
            for u in order where !heads[u].isEmpty {
                if let c = heads[u].first(where: { state.fits(u, $0) })
                    ?? (allowedCount[u] > heads[u].count
                        ? ranking(u).dropFirst(heads[u].count).first(where: { state.fits(u, $0) }) : nil)
                {
                    state.move(u, to: c)
                }
            }
            return state
        }
        var state = pass(regretKey)
        if state.placedCount < problem.unitCount {
            let bySize = pass(sizeKey)
            if bySize.isBetter(than: state) {
                state = bySize
            }
        }
        repair(&state, ranked: ranking)
        return state
    }

    /// Places unplaced units by moving one blocking unit elsewhere (ejection chains
    /// of length one).
    static func repair(_ state: inout PlacementState, ranked: (Int) -> [Int]) {
        let problem = state.problem
        for u in 0..<problem.unitCount where state.assign[u] < 0 && !ranked(u).isEmpty {
            var done = false
            for c in ranked(u) where !done {
                for v in state.members[c] where !done {
                    guard state.fits(u, c, without: v) else { continue }
                    for d in ranked(v) where d != c && state.fits(v, d) {
                        state.move(v, to: d)
                        if state.fits(u, c) {
                            state.move(u, to: c)
                            done = true
                        } else {
                            state.move(v, to: c)
                        }
                        break
                    }
                }
            }
        }
    }

    /// First-improvement local search with shift and swap moves, in a seeded random
    /// order, until no move improves or `deadline` (uptime seconds) passes.
    /// Returns the number of improving moves.
    @discardableResult
    static func improve(_ state: inout PlacementState, seed: UInt64, deadline: Double, now: () -> Double) -> Int {
        let problem = state.problem
        let nc = problem.clusterCount
        var rng = SplitMix64(seed: seed)
        var order = Array(0..<problem.unitCount)
        var moves = 0
        var improved = true
        // Units on each cluster, for swaps.
        while improved && now() < deadline {
            improved = false
            order.shuffle(using: &rng)
            for u in order {
                let from = state.assign[u]
                guard from >= 0 else { continue }
                let current = state.costOf(u, from)
                // Shift.
                var bestC = -1
                var bestDelta = -1e-9
                for c in 0..<nc where c != from && problem.allowed[u * nc + c] {
                    let delta = state.costOf(u, c) - current
                    if delta < bestDelta && state.fits(u, c) {
                        bestDelta = delta
                        bestC = c
                    }
                }
                if bestC >= 0 {
                    state.move(u, to: bestC)
                    moves += 1
                    improved = true
                    continue
                }
                // Swap with a unit on a cluster u would rather be on.
                var swapped = false
                for c in 0..<nc
                where !swapped && c != from && problem.allowed[u * nc + c] && state.costOf(u, c) < current {
                    for v in state.members[c] where problem.allowed[v * nc + from] {
                        let delta = state.costOf(u, c) + state.costOf(v, from) - current - state.costOf(v, c)
                        guard delta < -1e-9 else { continue }
                        state.move(u, to: -1)
                        state.move(v, to: -1)
                        if state.fits(u, c) && state.fits(v, from) {
                            state.move(u, to: c)
                            state.move(v, to: from)
                            moves += 1
                            improved = true
                            swapped = true
                            break
                        }
                        state.move(u, to: from)
                        state.move(v, to: c)
                    }
                }
                if now() >= deadline { break }
            }
        }
        return moves
    }

    /// Iterated local search: `rounds` times, move a few random units to random
    /// clusters they fit, re-run the local search, and keep the result if it is
    /// cheaper (otherwise go back to the best). Deterministic for a seed unless the
    /// deadline cuts it short.
    static func iterate(_ state: inout PlacementState, rounds: Int, seed: UInt64, deadline: Double, now: () -> Double)
        -> Bool
    {
        let problem = state.problem
        let nc = problem.clusterCount
        guard problem.unitCount > 1, nc > 1 else { return false }
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        var best = state
        var improved = false
        let kick = max(2, min(12, problem.unitCount / 20))
        for round in 0..<rounds where now() < deadline {
            var trial = best
            for _ in 0..<kick {
                let u = Int(rng.next() % UInt64(problem.unitCount))
                guard trial.assign[u] >= 0 else { continue }
                let start = Int(rng.next() % UInt64(nc))
                for step in 0..<nc {
                    let c = (start + step) % nc
                    if c != trial.assign[u] && trial.fits(u, c) {
                        trial.move(u, to: c)
                        break
                    }
                }
            }
            improve(&trial, seed: seed &+ UInt64(round), deadline: deadline, now: now)
            if trial.isBetter(than: best) {
                best = trial
                improved = true
            }
        }
        state = best
        return improved
    }
}
