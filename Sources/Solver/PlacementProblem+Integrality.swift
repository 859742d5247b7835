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

    /// The rounding noise allowed in a computed bound near `value`: bounds are sums
    /// of many products in `Double` (1e-7 relative, as ``PlacementSolver/withinGap(_:_:_:)``
    /// allows for GLPK's).
    static func boundNoise(near value: Double) -> Double {
        PlacementSolver.numericalTolerance * max(1, abs(value))
    }

    /// The least objective a lower bound proves: `⌈bound⌉` (less rounding noise)
    /// when costs are integral, else `bound` itself.
    func provenLeast(_ bound: Double) -> Double {
        guard integralCosts, bound.isFinite else { return bound }
        return max(bound, (bound - Self.boundNoise(near: bound)).rounded(.up))
    }

    /// How far below `upper` a subtree's bound may lie and still hold nothing
    /// cheaper than `upper`: just under 1 when costs are integral (and `upper`, an
    /// integer, is the cost of a placement), else 0.
    func integralSlack(below upper: Double) -> Double {
        guard integralCosts, upper.isFinite else { return 0 }
        return max(0, 1 - 2 * Self.boundNoise(near: upper))
    }
}
