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
        _ problem: PlacementProblem, upperBound: Double, deadline: Double, now: () -> Double, maxIterations: Int = 500
    )
        -> (bound: Double, iterations: Int, multipliers: [Double])
    {
        compute(
            problem, from: [Double](repeating: 0, count: problem.clusterCount * PlacementProblem.resourceCount),
            upperBound: upperBound, deadline: deadline, now: now, maxIterations: maxIterations)
    }

    /// Subgradient ascent from the multipliers `start` (cluster-major, C × 3, ≥ 0).
    static func compute(
        _ problem: PlacementProblem, from start: [Double], upperBound: Double, deadline: Double, now: () -> Double,
        maxIterations: Int = 500
    )
        -> (bound: Double, iterations: Int, multipliers: [Double])
    {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard nu > 0 else { return (0, 0, []) }
        var lambda = start.map { $0.isFinite ? max(0, $0) : 0 }
        var bestLambda = lambda
        var best = -Double.infinity
        var theta = 2.0
        var stall = 0
        var iterations = 0
        var choice = [Int](repeating: 0, count: nu)
        while iterations < maxIterations && now() < deadline {
            iterations += 1
            var value = 0.0
            for u in 0..<nu {
                var m = Double.infinity
                var arg = -1
                for c in 0..<nc where problem.allowed[u * nc + c] {
                    var v = problem.cost[u * nc + c]
                    let base = (u * nc + c) * r
                    for k in 0..<r where lambda[c * r + k] > 0 { v += lambda[c * r + k] * problem.demand[base + k] }
                    if v < m {
                        m = v
                        arg = c
                    }
                }
                if arg < 0 { return (best, iterations, bestLambda) }  // a unit that fits nowhere: no bound
                value += m
                choice[u] = arg
            }
            var gradient = [Double](repeating: 0, count: nc * r)
            for c in 0..<nc {
                for k in 0..<r where problem.free[c * r + k].isFinite { gradient[c * r + k] = -problem.free[c * r + k] }
            }
            for u in 0..<nu {
                let c = choice[u]
                for k in 0..<r where problem.free[c * r + k].isFinite {
                    gradient[c * r + k] += problem.demand[(u * nc + c) * r + k]
                }
            }
            for i in 0..<(nc * r) where problem.free[i].isFinite { value -= lambda[i] * problem.free[i] }
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

    /// L(λ) for multipliers λ ≥ 0 (cluster-major, C × 3): a lower bound on every
    /// complete placement whatever λ is, so one from another solver's duals needs no
    /// trust in that solver. Nil when some unit has no allowed cluster.
    /// - Complexity: O(U · C · R).
    static func value(_ problem: PlacementProblem, multipliers lambda: [Double]) -> Double? {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        precondition(lambda.count == nc * r && lambda.allSatisfy { $0 >= 0 && $0.isFinite })
        var value = 0.0
        for u in 0..<nu {
            var m = Double.infinity
            for c in 0..<nc where problem.allowed[u * nc + c] {
                var v = problem.cost[u * nc + c]
                let base = (u * nc + c) * r
                for k in 0..<r where lambda[c * r + k] > 0 { v += lambda[c * r + k] * problem.demand[base + k] }
                m = min(m, v)
            }
            guard m < .infinity else { return nil }
            value += m
        }
        for i in 0..<(nc * r) where problem.free[i].isFinite { value -= lambda[i] * problem.free[i] }
        return value
    }
}
