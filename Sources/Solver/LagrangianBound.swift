import Matrix

/// A lower bound on the placement objective by Lagrangian relaxation of the
/// capacity constraints (Fisher, "The Lagrangian relaxation method for solving
/// integer programming problems", Management Science 27(1), 1981,
/// doi:10.1287/mnsc.27.1.1).
///
/// For multipliers λ[c][r] ≥ 0,
/// L(λ) = Σ_u min_c (cost[u][c] + Σ_r λ[c][r]·demand[u][c][r]) − Σ_{c,r} λ[c][r]·free[c][r]
/// is a lower bound on every placement that puts every unit somewhere (anti-affinity
/// is dropped too, which only lowers it). Subgradient steps (Polyak, towards the
/// incumbent's objective) raise it; it reaches the LP bound of the assignment model.
///
/// - Complexity: O(U · C · R) per iteration.
enum LagrangianBound {
    static func compute(
        _ problem: PlacementProblem, upperBound: Double, deadline: Double, now: () -> Double, maxIterations: Int = 500,
        threads: Int = 1
    )
        -> (bound: Double, iterations: Int, multipliers: [Double])
    {
        compute(
            problem, from: [Double](repeating: 0, count: problem.clusterCount * PlacementProblem.resourceCount),
            upperBound: upperBound, deadline: deadline, now: now, maxIterations: maxIterations, threads: threads)
    }

    /// Subgradient ascent from the multipliers `start` (cluster-major, C × 3, ≥ 0).
    /// Each iteration prices units in fixed blocks on up to `threads` threads and sums
    /// the blocks in order, so the result does not depend on the thread count.
    static func compute(
        _ problem: PlacementProblem, from start: [Double], upperBound: Double, deadline: Double, now: () -> Double,
        maxIterations: Int = 500, threads: Int = 1
    )
        -> (bound: Double, iterations: Int, multipliers: [Double])
    {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard nu > 0 else { return (0, 0, []) }
        precondition(start.count == nc * r)
        // No price on an unlimited resource: L(λ) subtracts λ·free only where free is finite.
        var lambda = start.indices.map { i in start[i].isFinite && problem.free[i].isFinite ? max(0, start[i]) : 0 }
        var bestLambda = lambda
        var best = -Double.infinity
        var theta = 2.0
        var stall = 0
        var iterations = 0
        while iterations < maxIterations && now() < deadline {
            iterations += 1
            // A unit that fits nowhere: no bound.
            guard let (value, gradient) = priced(problem, lambda, threads: threads) else {
                return (best, iterations, bestLambda)
            }
            if best == -.infinity || value > best + 1e-12 * max(1, abs(best)) {
                best = value
                bestLambda = lambda
                stall = 0
            } else {
                stall += 1
                if stall >= 15 {
                    theta /= 2
                    stall = 0
                }
            }
            // Only violated or slack-with-positive-multiplier directions move λ.
            var norm = 0.0
            for i in 0..<(nc * r) where gradient[i] > 0 || lambda[i] > 0 { norm += gradient[i] * gradient[i] }
            if norm < 1e-18 { break }  // the relaxed choice is feasible: the bound is tight for it
            let gap = upperBound.isFinite ? max(upperBound - value, 1e-9 * max(1, abs(upperBound))) : max(abs(value), 1)
            let step = theta * gap / norm
            for i in 0..<(nc * r) where problem.free[i].isFinite { lambda[i] = max(0, lambda[i] + step * gradient[i]) }
            if theta < 1e-6 { break }
            if upperBound.isFinite && (upperBound - best) <= problem.relativeGap * 0.5 * max(abs(upperBound), 1e-9) {
                break
            }
        }
        return (best, iterations, bestLambda)
    }

    /// Units priced together by one thread; fixed, so sums do not depend on threads.
    static let blockSize = 256

    /// L(λ) for multipliers λ ≥ 0 (cluster-major, C × 3): a lower bound on every
    /// complete placement whatever λ is, so one from another solver's duals needs no
    /// trust in that solver. Nil when some unit has no allowed cluster.
    /// - Complexity: O(U · C · R).
    static func value(_ problem: PlacementProblem, multipliers lambda: [Double], threads: Int = 1) -> Double? {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        precondition(lambda.count == nc * r && lambda.allSatisfy { $0 >= 0 && $0.isFinite })
        precondition(lambda.indices.allSatisfy { lambda[$0] == 0 || problem.free[$0].isFinite })
        return priced(problem, lambda, threads: threads)?.value
    }

    /// One pricing pass: L(λ) and its subgradient (each cluster and limited resource:
    /// the demand the units' cheapest priced clusters put on it, less its free amount).
    /// Units are priced in fixed blocks of ``blockSize`` on up to `threads` threads and
    /// the blocks summed in order, so the result does not depend on the thread count.
    /// Nil when some unit has no allowed cluster.
    /// - Complexity: O(U · C · R).
    private static func priced(_ problem: PlacementProblem, _ lambda: [Double], threads: Int) -> (
        value: Double, gradient: [Double]
    )? {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        let blocks = (nu + blockSize - 1) / blockSize
        let stride = 1 + nc * r
        // Per block of units: its share of L(λ), then of the subgradient.
        var partial = [Double](repeating: 0, count: blocks * stride)
        var fitsNowhere = [Bool](repeating: false, count: blocks)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            fitsNowhere.withUnsafeMutableBufferPointer { nowhereBuffer in
                lambda.withUnsafeBufferPointer { lambdaBuffer in
                    problem.cost.withUnsafeBufferPointer { cost in
                        problem.demands.rows.withUnsafeBufferPointer { rows in
                            problem.demands.base.withUnsafeBufferPointer { base in
                                problem.demands.rowOf.withUnsafeBufferPointer { rowOf in
                                    problem.demands.wattsPerCpu.withUnsafeBufferPointer { watts in
                                        problem.allowed.withUnsafeBufferPointer { allowed in
                                            problem.free.withUnsafeBufferPointer { free in
                                                let p = UncheckedBox(
                                                    (
                                                        partialBuffer.baseAddress!, nowhereBuffer.baseAddress!,
                                                        lambdaBuffer.baseAddress!, cost.baseAddress!,
                                                        (base.baseAddress!, rowOf.baseAddress!, watts.baseAddress),
                                                        allowed.baseAddress!, free.baseAddress!, rows.baseAddress
                                                    ))
                                                Parallel.forEach(count: blocks, threads: threads) { block in
                                                    let (partial, nowhere, lambda, cost, demand, allowed, free, rows) =
                                                        p.value
                                                    let (base, rowOf, watts) = demand
                                                    let out = partial + block * stride
                                                    var value = 0.0
                                                    for u in (block * blockSize)..<min(nu, (block + 1) * blockSize) {
                                                        var m = Double.infinity
                                                        var arg = -1
                                                        // The unit's demand row, or its cores and GiB with
                                                        // power per cluster: DemandTable's values, read
                                                        // through pointers in this hot loop.
                                                        let row = Int(rowOf[u])
                                                        let cpu = base[2 * u], ram = base[2 * u + 1]
                                                        for c in 0..<nc where allowed[u * nc + c] {
                                                            var v = cost[u * nc + c]
                                                            // Resources unrolled (there are three), added in order and only
                                                            // where priced, as the table's sum would be.
                                                            let l0 = lambda[c * 3], l1 = lambda[c * 3 + 1],
                                                                l2 = lambda[c * 3 + 2]
                                                            if row >= 0, let rows {
                                                                let d = rows + (row * nc + c) * 3
                                                                if l0 > 0 { v += l0 * d[0] }
                                                                if l1 > 0 { v += l1 * d[1] }
                                                                if l2 > 0 { v += l2 * d[2] }
                                                            } else {
                                                                if l0 > 0 { v += l0 * cpu }
                                                                if l1 > 0 { v += l1 * ram }
                                                                if l2 > 0 { v += l2 * (watts![c] * cpu) }
                                                            }
                                                            if v < m {
                                                                m = v
                                                                arg = c
                                                            }
                                                        }
                                                        if arg < 0 {
                                                            nowhere[block] = true
                                                            return
                                                        }
                                                        value += m
                                                        for k in 0..<r where free[arg * r + k].isFinite {
                                                            out[1 + arg * r + k] +=
                                                                row >= 0
                                                                ? rows![(row * nc + arg) * r + k]
                                                                : (k == 0 ? cpu : k == 1 ? ram : watts![arg] * cpu)
                                                        }
                                                    }
                                                    out[0] = value
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if fitsNowhere.contains(true) { return nil }
        var value = 0.0
        var gradient = [Double](repeating: 0, count: nc * r)
        for c in 0..<nc {
            for k in 0..<r where problem.free[c * r + k].isFinite { gradient[c * r + k] = -problem.free[c * r + k] }
        }
        for block in 0..<blocks {
            value += partial[block * stride]
            for i in 0..<(nc * r) { gradient[i] += partial[block * stride + 1 + i] }
        }
        for i in 0..<(nc * r) where problem.free[i].isFinite { value -= lambda[i] * problem.free[i] }
        return (value, gradient)
    }
}
