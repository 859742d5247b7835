import Dispatch

/// Places a batch of functions jointly: regret-greedy construction, local search
/// (shift and swap), a Lagrangian lower bound, and — on models small enough for it —
/// GLPK's branch-and-cut started from the heuristic's incumbent, stopping when the
/// gap closes or time runs out. Deterministic for a given seed.
///
/// Blocking and CPU-bound: call it from a ``SolverThreadPool`` thread.
public struct PlacementSolver: Sendable {
    /// Largest number of (unit, cluster) pairs handed to GLPK.
    public var ilpPairLimit: Int

    public init(ilpPairLimit: Int = 2_000) {
        self.ilpPairLimit = ilpPairLimit
    }

    /// Validates, compiles and solves a request.
    /// - Throws: ``PlacementError`` for bad input or an unreadable network.
    public func solve(_ request: PlacementRequest) throws(PlacementError) -> PlacementResult {
        let start = Self.now()
        let latency = try LatencyTable.load(request.network)
        let problem = try PlacementProblem(request, latency: latency)
        return solve(problem, compileSeconds: Self.now() - start)
    }

    /// Solves a compiled problem.
    public func solve(_ problem: PlacementProblem, compileSeconds: Double = 0) -> PlacementResult {
        let start = Self.now()
        let deadline = start + problem.timeLimit - compileSeconds
        let pairs = problem.allowed.reduce(0) { $0 + ($1 ? 1 : 0) }
        var seconds: [String: Double] = ["compile": compileSeconds]
        var t = Self.now()
        var state = PlacementHeuristics.construct(problem)
        seconds["construct"] = Self.now() - t
        var method = "greedy"
        t = Self.now()
        if PlacementHeuristics.improve(&state, seed: problem.seed, deadline: deadline, now: Self.now) > 0 {
            method = "localSearch"
        }
        seconds["localSearch"] = Self.now() - t
        var assign = state.assign
        var upper = assign.contains(-1) ? .infinity : state.cost

        t = Self.now()
        let lagrangian =
            problem.exclusion.contains { !$0.isEmpty }
            ? (bound: -Double.infinity, iterations: 0, multipliers: [Double]())
            : LagrangianBound.compute(problem, upperBound: upper, deadline: deadline, now: Self.now)
        var bound = lagrangian.bound
        let iterations = lagrangian.iterations
        seconds["bound"] = Self.now() - t

        // A stronger bound than the capacity relaxation, on models where its knapsacks are cheap.
        if state.placedCount == problem.unitCount && problem.exclusion.allSatisfy(\.isEmpty)
            && !gapClosedAt(state.cost, bound, problem) && problem.unitCount * problem.clusterCount <= 20_000
        {
            t = Self.now()
            let knapsack = KnapsackBound.compute(
                problem, upperBound: state.cost,
                capacityMultipliers: lagrangian.multipliers.isEmpty ? nil : lagrangian.multipliers,
                deadline: min(deadline, Self.now() + 0.15 * (deadline - Self.now())),
                now: Self.now)
            bound = max(bound, knapsack)
            seconds["knapsackBound"] = Self.now() - t
        }

        // Lagrangian-guided construction, then iterated local search on the best.
        t = Self.now()
        if !gapClosedAt(upper, bound, problem) && !lagrangian.multipliers.isEmpty && Self.now() < deadline {
            var guided = PlacementHeuristics.construct(problem, multipliers: lagrangian.multipliers)
            PlacementHeuristics.improve(&guided, seed: problem.seed &+ 1, deadline: deadline, now: Self.now)
            if guided.placedCount > state.placedCount
                || (guided.placedCount == state.placedCount && guided.cost < state.cost - 1e-9)
            {
                state = guided
                method = "lagrangian"
            }
        }
        if !gapClosedAt(state.placedCount == problem.unitCount ? state.cost : .infinity, bound, problem)
            && Self.now() < deadline
        {
            // Leave most of the time to the exact methods (whole-model ILP or LNS), except
            // on models so large that exact sub-solves are slower than local moves.
            let searchDeadline =
                isLarge(problem) ? deadline : min(deadline, Self.now() + 0.25 * (deadline - Self.now()))
            if PlacementHeuristics.iterate(
                &state, rounds: 200, seed: problem.seed, deadline: searchDeadline, now: Self.now)
            {
                method = "iteratedLocalSearch"
            }
        }
        // Large neighbourhood search with exact sub-solves, on models too big for the
        // whole-model ILP (which otherwise gets the remaining time).
        if pairs > ilpPairLimit && !isLarge(problem)
            && !gapClosedAt(state.placedCount == problem.unitCount ? state.cost : .infinity, bound, problem)
        {
            if LargeNeighbourhoodSearch.run(&state, seed: problem.seed, deadline: deadline, now: Self.now) {
                method = "lns"
            }
        }
        seconds["improve"] = Self.now() - t
        assign = state.assign
        let complete = !assign.contains(-1)
        upper = complete ? state.cost : .infinity

        var nodes = 0
        var provenInfeasible = problem.exclusion.contains { !$0.isEmpty } && !problem.allowPartial
        var timedOut = false
        let gapClosed = { (u: Double, b: Double) in
            u.isFinite && b.isFinite && (u - b) <= problem.relativeGap * max(abs(u), 1e-9)
        }
        let needsILP =
            !provenInfeasible
            && (!gapClosed(upper, bound) || (!complete && !problem.allowPartial) || problem.allowPartial && !complete)
        if needsILP && pairs <= ilpPairLimit && Self.now() < deadline {
            t = Self.now()
            let ilp = PlacementILP(problem)
            let startValues =
                complete || problem.allowPartial ? ilp.start(assign, clusterCount: problem.clusterCount) : nil
            let glpk = GLPKSolver(timeLimit: max(0.05, deadline - Self.now()), relativeGap: problem.relativeGap)
            if let solution = try? glpk.solve(ilp.model, start: startValues) {
                nodes = solution.nodes
                switch solution.status {
                case .optimal, .feasible:
                    let candidate = ilp.assignment(solution.values, unitCount: problem.unitCount)
                    var trial = PlacementState(problem)
                    for (u, c) in candidate.enumerated() where c >= 0 { trial.move(u, to: c) }
                    let better =
                        trial.placedCount > assign.filter { $0 >= 0 }.count
                        || (trial.placedCount == assign.filter { $0 >= 0 }.count
                            && trial.cost < (complete ? upper : state.cost) - 1e-9)
                    if better {
                        assign = candidate
                        state = trial
                        method = "ilp"
                    }
                    if let b = solution.bestBound, !problem.allowPartial { bound = max(bound, b) }
                    if solution.status == .feasible { timedOut = true }
                case .infeasible:
                    provenInfeasible = !problem.allowPartial
                case .timeLimit, .undefined, .unbounded:
                    timedOut = true
                }
            }
            seconds["ilp"] = Self.now() - t
        }
        let placedAll = !assign.contains(-1)
        if placedAll { upper = state.cost }
        if Self.now() >= deadline { timedOut = true }
        return PlacementReport.build(
            problem, state: state, lowerBound: placedAll && bound.isFinite ? min(bound, upper) : nil,
            provenInfeasible: provenInfeasible && !placedAll, timedOut: timedOut,
            statistics: .init(seconds: seconds, nodes: nodes, incumbentMethod: method, boundIterations: iterations))
    }

    /// Models where large neighbourhood search stops paying: sub-models of a few
    /// clusters hold hundreds of units each.
    func isLarge(_ problem: PlacementProblem) -> Bool {
        problem.unitCount * problem.clusterCount > 200_000 || problem.unitCount / max(problem.clusterCount, 1) > 60
    }

    func gapClosedAt(_ upper: Double, _ bound: Double, _ problem: PlacementProblem) -> Bool {
        upper.isFinite && bound.isFinite && (upper - bound) <= problem.relativeGap * max(abs(upper), 1e-9)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

extension PlacementSolver {
    /// GLPK alone on the same exact model (no incumbent, no heuristics), for the
    /// benchmark's baseline: the objective of its best placement (nil if none) and
    /// its proven bound.
    public static func plainGLPK(_ problem: PlacementProblem, timeLimit: Double) -> (
        objective: Double?, bound: Double?, seconds: Double
    ) {
        let start = now()
        let ilp = PlacementILP(problem)
        let solution = try? GLPKSolver(timeLimit: timeLimit, relativeGap: problem.relativeGap).solve(ilp.model)
        return (solution?.objective, solution?.bestBound, now() - start)
    }
}
