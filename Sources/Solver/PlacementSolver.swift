import Dispatch

/// Places a batch of functions jointly. In order, each step only while the gap to
/// the best proven bound is open and time remains:
/// 1. regret-greedy construction and shift/swap local search;
/// 2. a Lagrangian bound on the capacities, and on mid-size models a knapsack
///    Lagrangian bound (assignment constraints relaxed);
/// 3. a second construction guided by the capacity prices, then iterated local search;
/// 4. GLPK: the whole model from the incumbent when it has at most ``ilpPairLimit``
///    unit–cluster pairs, otherwise large neighbourhood search with exact sub-solves.
/// Deterministic for a given seed unless the time limit cuts a step short.
///
/// Blocking and CPU-bound: call it from a ``SolverThreadPool`` thread.
public struct PlacementSolver: Sendable {
    /// Largest number of (unit, cluster) pairs handed to GLPK as one model.
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
        let deadline = Self.now() + problem.timeLimit - compileSeconds
        let pairs = problem.allowed.reduce(0) { $0 + ($1 ? 1 : 0) }
        let someUnitFitsNowhere = problem.exclusion.contains { !$0.isEmpty }
        var seconds: [String: Double] = ["compile": compileSeconds]
        func timed<T>(_ phase: String, _ body: () -> T) -> T {
            let t = Self.now()
            defer { seconds[phase, default: 0] += Self.now() - t }
            return body()
        }
        func open(_ state: PlacementState, _ bound: Double) -> Bool {
            !gapClosedAt(state.completeCost, bound, problem) && Self.now() < deadline
        }

        var state = timed("construct") { PlacementHeuristics.construct(problem) }
        var method = "greedy"
        if timed(
            "localSearch",
            { PlacementHeuristics.improve(&state, seed: problem.seed, deadline: deadline, now: Self.now) }) > 0
        {
            method = "localSearch"
        }

        let lagrangian = timed("bound") {
            someUnitFitsNowhere
                ? (bound: -Double.infinity, iterations: 0, multipliers: [Double]())
                : LagrangianBound.compute(problem, upperBound: state.completeCost, deadline: deadline, now: Self.now)
        }
        var bound = lagrangian.bound
        // A stronger bound than the capacity relaxation, on models where its knapsacks are cheap.
        if state.completeCost.isFinite && open(state, bound) && problem.unitCount * problem.clusterCount <= 20_000 {
            let knapsack = timed("knapsackBound") {
                KnapsackBound.compute(
                    problem, upperBound: state.cost,
                    capacityMultipliers: lagrangian.multipliers.isEmpty ? nil : lagrangian.multipliers,
                    deadline: min(deadline, Self.now() + 0.15 * (deadline - Self.now())), now: Self.now)
            }
            bound = max(bound, knapsack)
        }

        timed("improve") {
            // Lagrangian-guided construction, then iterated local search on the best.
            if open(state, bound) && !lagrangian.multipliers.isEmpty {
                var guided = PlacementHeuristics.construct(problem, multipliers: lagrangian.multipliers)
                PlacementHeuristics.improve(&guided, seed: problem.seed &+ 1, deadline: deadline, now: Self.now)
                if guided.isBetter(than: state) {
                    state = guided
                    method = "lagrangian"
                }
            }
            if open(state, bound) {
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
            if pairs > ilpPairLimit && !isLarge(problem) && open(state, bound) {
                if LargeNeighbourhoodSearch.run(&state, seed: problem.seed, deadline: deadline, now: Self.now) {
                    method = "lns"
                }
            }
        }

        var nodes = 0
        var provenInfeasible = someUnitFitsNowhere && !problem.allowPartial
        var timedOut = false
        if !provenInfeasible && pairs <= ilpPairLimit && open(state, bound) {
            timed("ilp") {
                let ilp = PlacementILP(problem)
                let start = state.completeCost.isFinite || problem.allowPartial ? ilp.start(state.assign) : nil
                let glpk = GLPKSolver(timeLimit: max(0.05, deadline - Self.now()), relativeGap: problem.relativeGap)
                // A GLPK failure (caught by the guard) leaves the heuristic's placement standing.
                guard let solution = try? glpk.solve(ilp.model, start: start) else { return }
                nodes = solution.nodes
                switch solution.status {
                case .optimal, .feasible:
                    var trial = PlacementState(problem)
                    for (u, c) in ilp.assignment(solution.values, unitCount: problem.unitCount).enumerated()
                    where c >= 0 {
                        trial.move(u, to: c)
                    }
                    if trial.isBetter(than: state) {
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
        }
        let upper = state.completeCost
        if Self.now() >= deadline { timedOut = true }
        return PlacementReport.build(
            problem, state: state, lowerBound: upper.isFinite && bound.isFinite ? min(bound, upper) : nil,
            provenInfeasible: provenInfeasible && !upper.isFinite, timedOut: timedOut,
            statistics: .init(
                seconds: seconds, nodes: nodes, incumbentMethod: method, boundIterations: lagrangian.iterations))
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
