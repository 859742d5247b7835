/// The exact assignment model of a ``PlacementProblem`` for GLPK.
///
/// Binary x[u][c] for allowed pairs; Σ_c x[u][c] (+ y[u]) = 1 per unit; per cluster
/// and limited resource Σ_u demand·x ≤ free; x[u][c] + x[v][c] ≤ 1 per conflicting
/// pair and shared cluster. Partial placement (y[u] = 1 leaves unit u unplaced) is
/// solved lexicographically in two models: ``Goal/maximisePriority`` minimises the
/// unplaced priority Σ priority·y alone; ``Goal/minimiseCost(unplacedPriorityAtMost:)``
/// then minimises cost among placements that leave at most that priority unplaced.
struct PlacementILP {
    enum Goal {
        /// Every unit placed, least cost.
        case complete
        /// Least unplaced priority, cost ignored.
        case maximisePriority
        /// Least cost with Σ priority·y ≤ the bound.
        case minimiseCost(unplacedPriorityAtMost: Double)
    }

    let model: LinearModel
    /// Column of each allowed (unit, cluster) pair, in order.
    let pairs: [(unit: Int, cluster: Int)]
    /// Column of y[u], when partial placement is allowed.
    let unplacedColumn: [Int]?
    /// The capacity rows: row index, cluster and resource.
    let capacityRows: [(row: Int, cluster: Int, resource: Int)]

    init(_ problem: PlacementProblem, goal: Goal = .complete) {
        let nu = problem.unitCount, nc = problem.clusterCount, r = PlacementProblem.resourceCount
        var pairs: [(Int, Int)] = []
        var columnOf = [Int](repeating: -1, count: nu * nc)
        for u in 0..<nu {
            for c in 0..<nc where problem.allowed[u * nc + c] {
                columnOf[u * nc + c] = pairs.count
                pairs.append((u, c))
            }
        }
        let partial: Bool
        if case .complete = goal { partial = false } else { partial = true }
        var model = LinearModel(columns: pairs.count + (partial ? nu : 0), lower: 0, upper: 1)
        model.integerColumns = Set(0..<model.columnCount)
        switch goal {
        case .complete, .minimiseCost:
            for (j, p) in pairs.enumerated() { model.objective[j] = problem.cost[p.0 * nc + p.1] }
        case .maximisePriority:
            for u in 0..<nu { model.objective[pairs.count + u] = problem.priority[u] }
        }
        if case .minimiseCost(let most) = goal {
            model.addRow(
                (0..<nu).map { (pairs.count + $0, problem.priority[$0]) }, lower: -.infinity,
                upper: most + 1e-9 * max(1, most))
        }
        var byUnit = [[(column: Int, coefficient: Double)]](repeating: [], count: nu)
        for (j, p) in pairs.enumerated() { byUnit[p.0].append((j, 1)) }
        for u in 0..<nu {
            var terms = byUnit[u]
            if partial { terms.append((pairs.count + u, 1)) }
            model.addRow(terms, lower: 1, upper: 1)
        }
        var capacityRows: [(row: Int, cluster: Int, resource: Int)] = []
        for c in 0..<nc {
            for k in 0..<r where problem.free[c * r + k].isFinite {
                var terms: [(column: Int, coefficient: Double)] = []
                for u in 0..<nu where columnOf[u * nc + c] >= 0 {
                    let d = problem.demand(u, c, k)
                    if d > 0 { terms.append((columnOf[u * nc + c], d)) }
                }
                if !terms.isEmpty {
                    capacityRows.append(
                        (model.addRow(terms, lower: -.infinity, upper: problem.free[c * r + k]), c, k))
                }
            }
        }
        for (a, b) in problem.conflicts {
            for c in 0..<nc where columnOf[a * nc + c] >= 0 && columnOf[b * nc + c] >= 0 {
                model.addRow([(columnOf[a * nc + c], 1), (columnOf[b * nc + c], 1)], lower: -.infinity, upper: 1)
            }
        }
        self.model = model
        self.pairs = pairs
        unplacedColumn = partial ? (0..<nu).map { pairs.count + $0 } : nil
        self.capacityRows = capacityRows
    }

    /// The column values of a placement (for GLPK's start).
    func start(_ assign: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: model.columnCount)
        for (j, p) in pairs.enumerated() where assign[p.unit] == p.cluster { x[j] = 1 }
        if let unplacedColumn { for (u, col) in unplacedColumn.enumerated() where assign[u] < 0 { x[col] = 1 } }
        return x
    }

    /// The placement in a solution's column values.
    func assignment(_ values: [Double], unitCount: Int) -> [Int] {
        var assign = [Int](repeating: -1, count: unitCount)
        for (j, p) in pairs.enumerated() where values[j] > 0.5 { assign[p.unit] = p.cluster }
        return assign
    }
}
