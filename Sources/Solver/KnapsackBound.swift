/// A lower bound by Lagrangian relaxation of the assignment constraints: one 0-1
/// knapsack per cluster (Ross and Soland, "A branch and bound algorithm for the
/// generalized assignment problem", Math. Programming 8, 1975,
/// doi:10.1007/BF01580430; Fisher, Jaikumar and Van Wassenhove 1986).
///
/// For multipliers μ[u],
/// L(μ) = Σ_u μ[u] − Σ_c max { Σ_u (μ[u] − cost[u][c]) x[u] : x a knapsack of c },
/// where each cluster's knapsack keeps one resource (the most loaded one) and drops
/// the others and anti-affinity — each only enlarges the feasible set, so L stays a
/// valid bound. Knapsacks are solved exactly by dynamic programming on weights
/// rounded *down* to a grid of `resolution` steps of the cluster's capacity (again a
/// relaxation). Unlike relaxing capacities, this bound can exceed the LP bound.
///
/// - Complexity: O(Σ_c items_c · resolution) per iteration.
enum KnapsackBound {
    static func compute(
        _ problem: PlacementProblem, upperBound: Double, capacityMultipliers: [Double]? = nil, deadline: Double,
        now: () -> Double, resolution: Int = 4000,
        maxIterations: Int = 300
    ) -> Double {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        guard nu > 0, upperBound.isFinite else { return -.infinity }
        // The resource each cluster's knapsack keeps: the one with the highest demand/capacity.
        var kept = [Int](repeating: -1, count: nc)
        for c in 0..<nc {
            var best = 0.0
            for k in 0..<r where problem.free[c * r + k].isFinite {
                var need = 0.0
                for u in 0..<nu where problem.allowed[u * nc + c] { need += problem.demand[(u * nc + c) * r + k] }
                let ratio = need / max(problem.free[c * r + k], 1e-12)
                if ratio > best {
                    best = ratio
                    kept[c] = k
                }
            }
        }
        var mu = [Double](repeating: 0, count: nu)
        for u in 0..<nu {
            var least = Double.infinity
            // Start from the capacity relaxation's prices: μ[u] = min_c cost + λ·demand, which
            // puts L(μ) near the LP bound from the first iteration.
            for c in 0..<nc where problem.allowed[u * nc + c] {
                var v = problem.cost[u * nc + c]
                if let lambda = capacityMultipliers {
                    for k in 0..<r where lambda[c * r + k] > 0 {
                        v += lambda[c * r + k] * problem.demand[(u * nc + c) * r + k]
                    }
                }
                least = min(least, v)
            }
            mu[u] = least.isFinite ? least : 0
        }
        var bestBound = -Double.infinity
        var theta = 1.0
        var stall = 0
        var table = [Double](repeating: 0, count: resolution + 1)
        var take = [UInt8]()
        for _ in 0..<maxIterations where now() < deadline {
            var value = mu.reduce(0, +)
            var covered = [Int](repeating: 0, count: nu)
            for c in 0..<nc {
                var items: [(unit: Int, profit: Double, weight: Int)] = []
                for u in 0..<nu where problem.allowed[u * nc + c] {
                    let profit = mu[u] - problem.cost[u * nc + c]
                    guard profit > 0 else { continue }
                    let k = kept[c]
                    var weight = 0
                    if k >= 0 {
                        let share: Double = problem.demand[(u * nc + c) * r + k] / problem.free[c * r + k]
                        weight = Int((share * Double(resolution)).rounded(.down))
                    }
                    items.append((u, profit, min(weight, resolution + 1)))
                }
                guard !items.isEmpty else { continue }
                // 0-1 knapsack by DP over capacity, with a choice table to recover items.
                let width = resolution + 1
                for i in 0..<width { table[i] = 0 }
                if take.count < items.count * width { take = [UInt8](repeating: 0, count: items.count * width) }
                for (i, item) in items.enumerated() {
                    let row = i * width
                    if item.weight > resolution {
                        for w in 0..<width { take[row + w] = 0 }
                        continue
                    }
                    var w = resolution
                    while w >= item.weight {
                        let candidate = table[w - item.weight] + item.profit
                        if candidate > table[w] {
                            table[w] = candidate
                            take[row + w] = 1
                        } else {
                            take[row + w] = 0
                        }
                        w -= 1
                    }
                    while w >= 0 {
                        take[row + w] = 0
                        w -= 1
                    }
                }
                value -= table[resolution]
                var w = resolution
                for i in stride(from: items.count - 1, through: 0, by: -1) where take[i * width + w] == 1 {
                    covered[items[i].unit] += 1
                    w -= items[i].weight
                }
            }
            if value > bestBound {
                bestBound = value
                stall = 0
            } else {
                stall += 1
                if stall >= 10 {
                    theta /= 2
                    stall = 0
                }
            }
            if (upperBound - bestBound) <= problem.relativeGap * max(abs(upperBound), 1e-9) || theta < 1e-5 { break }
            var norm = 0.0
            for u in 0..<nu {
                let g = Double(1 - covered[u])
                norm += g * g
            }
            if norm == 0 { break }  // every unit covered exactly once: the relaxed solution is a placement
            let step = theta * max(upperBound - value, 1e-9 * max(1, abs(upperBound))) / norm
            for u in 0..<nu { mu[u] += step * Double(1 - covered[u]) }
        }
        return bestBound
    }
}
