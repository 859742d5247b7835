extension PlacementProblem {
    /// Whether every allowed pair's cost is an integer and any placement's total is
    /// exact in `Double` (the largest cost times the units stays below 2⁵³). Then
    /// every placement costs an integer, so a lower bound `L` proves `⌈L⌉`, and a
    /// subtree whose bound is above `upper − 1` holds nothing cheaper than `upper`.
    /// Mixed-integer solvers call this objective integrality; generalised-assignment
    /// benchmarks and price-only requests in whole units have it.
    /// - Complexity: O(U·C), stopping at the first fractional cost (at once on
    ///   models with latencies).
    static func costsAreIntegral(_ cost: [Double], allowed: [Bool], unitCount: Int) -> Bool {
        var largest = 0.0
        for i in cost.indices where allowed[i] {
            let value = cost[i]
            guard value.rounded(.towardZero) == value else { return false }
            largest = max(largest, abs(value))
        }
        return largest * Double(max(unitCount, 1)) < 0x1p53
    }

    /// The noise allowed in a bound near `value` before it is rounded up: 1e-6
    /// relative, at least 1e-3: GLPK's bounds carry its LP tolerances (1e-7 on primal
    /// feasibility and reduced costs, scaled by the coefficients); our own bounds are
    /// sums in `Double`, far inside this.
    static func roundingNoise(near value: Double) -> Double {
        max(1e-6 * abs(value), 1e-3)
    }

    /// The least objective a lower bound proves: `⌈bound − noise⌉` when costs are
    /// integral (never below `bound`), else `bound` itself.
    func provenLeast(_ bound: Double) -> Double {
        guard integralCosts, bound.isFinite else { return bound }
        return max(bound, (bound - Self.roundingNoise(near: bound)).rounded(.up))
    }

    /// How far below `upper` a subtree's bound may lie and still hold nothing
    /// cheaper than `upper`: 1 less twice the rounding noise when costs are integral
    /// (and `upper`, an integer, is the cost of a placement), else 0. A bound pruned
    /// at this slack still rounds up to `upper` through ``provenLeast(_:)``.
    func integralSlack(below upper: Double) -> Double {
        guard integralCosts, upper.isFinite else { return 0 }
        return max(0, 1 - 2 * Self.roundingNoise(near: upper))
    }
}
