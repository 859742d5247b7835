import Dispatch
import Foundation

/// Places a batch of functions jointly. In order, each step only while the gap to
/// the best proven bound is open and time remains:
/// 1. regret-greedy construction and shift/swap local search;
/// 2. a Lagrangian bound on the capacities, raised to the LP relaxation's with
///    multipliers from GLPK's duals when that solves in time (``LinearRelaxationBound``);
/// 3. on models of up to 64 clusters and 20,000 unit–cluster cells, an exact branch
///    and bound on knapsack Lagrangian bounds (``LagrangianBranchAndBound``), which
///    usually proves the optimum; it keeps the time past 30% only while the gap
///    left is under 1%, and stops at 70%;
/// 4. a second construction guided by the capacity prices, then iterated local search;
/// 5. GLPK: the whole model from the incumbent when it has at most ``ilpPairLimit``
///    unit–cluster pairs; otherwise a relaxation-induced neighbourhood
///    (``RelaxationInducedSearch``, a tenth of the time left) and then large
///    neighbourhood search with exact sub-solves, every other move on clusters the
///    LP relaxation splits a unit over.
/// Deterministic for a given seed unless the time limit cuts a step short.
///
/// Blocking and CPU-bound: call it from a ``SolverThreadPool`` thread.
public struct PlacementSolver: Sendable {
    /// Largest number of (unit, cluster) pairs handed to GLPK as one model.
    public var ilpPairLimit: Int
    /// Largest number of (unit, cluster) cells the Lagrangian branch and bound takes
    /// on (0 turns it off).
    public var branchAndBoundCellLimit: Int

    /// Threads one solve may use (≥ 1): the bounds' pricing passes, and the LP
    /// relaxation beside the subgradient; nil (the default) means the machine's cores.
    /// The answer does not depend on it, except where the time limit cuts a step short.
    public var threads: Int

    public init(
        ilpPairLimit: Int = 2_000, branchAndBoundCellLimit: Int = 20_000,
        threads: Int? = nil
    ) {
        self.ilpPairLimit = ilpPairLimit
        self.branchAndBoundCellLimit = branchAndBoundCellLimit
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
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
        let started = Self.now() - compileSeconds
        let deadline = started + problem.timeLimit
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
        // A proof at hand needs no search: a function no cluster can take, or the
        // functions' least total demand of a resource above all the free capacity.
        if !problem.allowPartial && (someUnitFitsNowhere || !PlacementDiagnosis.capacityShortfalls(problem).isEmpty) {
            return PlacementReport.build(
                problem, state: PlacementState(problem), lowerBound: nil, provenInfeasible: true, timedOut: false,
                statistics: .init(seconds: seconds, nodes: 0, incumbentMethod: "none", boundIterations: 0))
        }
        var improvements: [PlacementResult.Improvement] = []
        var method = "greedy"
        // The best complete placement seen so far and the method that found it: the
        // answer never falls back below it, whatever a later phase leaves in `state`.
        var best: (state: PlacementState, method: String)? = nil
        /// Credits `by` with the state when it `changed` it, and records the state when
        /// it is a better complete placement.
        func note(_ state: PlacementState, _ by: String, changed: Bool = true) {
            if changed { method = by }
            let cost = state.completeCost
            guard cost.isFinite, cost < improvements.last?.objective ?? .infinity else { return }
            improvements.append(.init(seconds: Self.now() - started, objective: cost, method: by))
            best = (state, by)
        }

        var state = timed("construct") { PlacementHeuristics.construct(problem) }
        note(state, "greedy")
        // On very large models local search alone can run to the deadline and leave no
        // bound at all; there it gets 40% of the time left, the bound 60% of the rest.
        let large = isLarge(problem)
        let moves = timed("localSearch") {
            PlacementHeuristics.improve(
                &state, seed: problem.seed,
                deadline: large ? min(deadline, Self.now() + 0.4 * (deadline - Self.now())) : deadline, now: Self.now)
        }
        note(state, "localSearch", changed: moves > 0)

        // The Lagrangian bound on the capacities, and the LP relaxation's when GLPK solves
        // it in a fifth of the time left: the subgradient steps approach it only slowly
        // when several resources bind. With two threads or more they run at once, GLPK on
        // this thread and the subgradient on the others. The better one's multipliers then
        // price the branch and bound and the guided construction.
        let threads = max(1, self.threads)
        let incumbentCost = state.completeCost
        let boundDeadline = large ? min(deadline, Self.now() + 0.6 * (deadline - Self.now())) : deadline
        let tryRelaxation = !someUnitFitsNowhere && pairs <= LinearRelaxationBound.pairLimit
        var lagrangian = (bound: -Double.infinity, iterations: 0, multipliers: [Double]())
        var relaxation: (bound: Double, multipliers: [Double], support: [[Int]])? = nil
        if !someUnitFitsNowhere {
            timed("bound") {
                @Sendable func subgradient(threads: Int) -> (bound: Double, iterations: Int, multipliers: [Double]) {
                    LagrangianBound.compute(
                        problem, upperBound: incumbentCost, deadline: boundDeadline, now: Self.now, threads: threads)
                }
                func linear() -> (bound: Double, multipliers: [Double], support: [[Int]])? {
                    LinearRelaxationBound.compute(problem, pairs: pairs, timeLimit: 0.2 * (deadline - Self.now()))
                }
                if tryRelaxation && threads >= 2 {
                    let slot = ResultSlot<(bound: Double, iterations: Int, multipliers: [Double])>()
                    let group = DispatchGroup()
                    DispatchQueue.global().async(group: group) { slot.value = subgradient(threads: threads - 1) }
                    relaxation = linear()
                    group.wait()
                    lagrangian = slot.value!
                } else {
                    lagrangian = subgradient(threads: threads)
                    if tryRelaxation && !gapClosedAt(incumbentCost, lagrangian.bound, problem) { relaxation = linear() }
                }
                // The same rule on any thread count: the LP counts only when the subgradient
                // left the gap open.
                if gapClosedAt(incumbentCost, lagrangian.bound, problem) { relaxation = nil }
            }
        }
        if let relaxation, relaxation.bound > lagrangian.bound {
            lagrangian = (relaxation.bound, lagrangian.iterations, relaxation.multipliers)
        }
        var bound = lagrangian.bound
        var nodes = 0
        var proven = false
        var noCompletePlacement = false
        // Exact branch and bound on Lagrangian knapsack bounds, where its knapsacks are
        // cheap. After 30% of the time it goes on only if the gap left is under 1%, and
        // it stops at 70%: its depth-first dives can dwell on one region, and large
        // neighbourhood search (or the whole-model ILP) from its incumbent uses the rest.
        if LagrangianBranchAndBound.applies(to: problem)
            && problem.unitCount * problem.clusterCount <= branchAndBoundCellLimit && open(state, bound)
        {
            let outcome = timed("branchAndBound") {
                LagrangianBranchAndBound.run(
                    problem, incumbent: &state,
                    capacityMultipliers: lagrangian.multipliers.isEmpty ? nil : lagrangian.multipliers,
                    deadline: Self.now() + 0.7 * (deadline - Self.now()),
                    shortDeadline: Self.now() + 0.3 * (deadline - Self.now()), now: Self.now)
            }
            nodes += outcome.nodes
            for (time, cost) in outcome.improvements where cost < improvements.last?.objective ?? .infinity {
                improvements.append(.init(seconds: time - started, objective: cost, method: "branchAndBound"))
                method = "branchAndBound"
            }
            if state.completeCost < best?.state.completeCost ?? .infinity { best = (state, "branchAndBound") }
            if state.completeCost.isFinite {
                bound = max(bound, outcome.bound)
                proven = outcome.proven
            } else if outcome.proven {
                // No complete placement exists: infeasible, or (allowPartial) a search
                // for the best partial one below.
                noCompletePlacement = true
            }
        }

        // Optimal, or proven to have no placement at all: nothing left to search.
        let settled = proven || (noCompletePlacement && !problem.allowPartial)
        timed("improve") {
            // Lagrangian-guided construction, then iterated local search on the best.
            // The guided construction has no deadline of its own; it runs only when
            // twice the first construction's time is left.
            let constructSeconds = seconds["construct", default: 0]
            if open(state, bound) && !settled && !lagrangian.multipliers.isEmpty
                && deadline - Self.now() > 2 * constructSeconds
            {
                var guided = PlacementHeuristics.construct(problem, multipliers: lagrangian.multipliers)
                PlacementHeuristics.improve(&guided, seed: problem.seed &+ 1, deadline: deadline, now: Self.now)
                if guided.isBetter(than: state) {
                    state = guided
                    note(state, "lagrangian")
                }
            }
            if open(state, bound) && !settled {
                // Leave most of the time to the exact methods (whole-model ILP or LNS), except
                // on models so large that exact sub-solves are slower than local moves.
                let searchDeadline =
                    isLarge(problem) ? deadline : min(deadline, Self.now() + 0.25 * (deadline - Self.now()))
                if PlacementHeuristics.iterate(
                    &state, rounds: 200, seed: problem.seed, deadline: searchDeadline, now: Self.now)
                {
                    note(state, "iteratedLocalSearch")
                }
            }
            // Relaxation-induced neighbourhood: every unit where the placement and the LP
            // relaxation agree stays, the rest are re-solved exactly among the clusters
            // the LP and the placement use.
            if pairs > ilpPairLimit && !isLarge(problem) && open(state, bound) && !settled,
                let support = relaxation?.support
            {
                let budget = 0.1 * (deadline - Self.now())
                if RelaxationInducedSearch.run(&state, support: support, deadline: Self.now() + budget, now: Self.now) {
                    note(state, "rins")
                }
            }
            // Large neighbourhood search with exact sub-solves, on models too big for the
            // whole-model ILP (which otherwise gets the remaining time).
            if pairs > ilpPairLimit && !isLarge(problem) && open(state, bound) && !settled {
                // The clusters the LP relaxation splits each unit over: where moving units
                // between clusters is likely to pay.
                let linked = (relaxation?.support ?? []).filter { $0.count > 1 }
                if LargeNeighbourhoodSearch.run(
                    &state, seed: problem.seed, deadline: deadline, linked: linked, now: Self.now)
                {
                    note(state, "lns")
                }
            }
        }

        // (A function no cluster can take was answered above, before any search.)
        var provenInfeasible = noCompletePlacement && !problem.allowPartial
        var timedOut = false
        // Under allowPartial with no complete placement in hand: the most priority GLPK
        // proved placeable, and the least cost it proved among such placements.
        var partialBound: Double? = nil
        if !provenInfeasible && !proven && pairs <= ilpPairLimit && open(state, bound) {
            timed("ilp") {
                /// Solves one model from the incumbent; returns the solution, keeping a
                /// better placement it holds.
                func solveILP(_ ilp: PlacementILP, timeLimit: Double, gap: Double) -> LinearSolution? {
                    let incumbent = ilp.start(state.assign)
                    let start = ilp.model.violation(of: incumbent) == nil ? incumbent : nil
                    // A GLPK failure (caught by the guard) leaves the heuristic's placement standing.
                    guard
                        let solution = try? GLPKSolver(timeLimit: timeLimit, relativeGap: gap).solve(
                            ilp.model, start: start)
                    else { return nil }
                    nodes += solution.nodes
                    if solution.status == .optimal || solution.status == .feasible {
                        var trial = PlacementState(problem)
                        for (u, c) in ilp.assignment(solution.values, unitCount: problem.unitCount).enumerated()
                        where c >= 0 {
                            trial.move(u, to: c)
                        }
                        if trial.isBetter(than: state) {
                            state = trial
                            note(state, "ilp")
                        }
                    }
                    if solution.status != .optimal && solution.status != .infeasible { timedOut = true }
                    return solution
                }
                if !problem.allowPartial || state.completeCost.isFinite {
                    // Complete placements only (under allowPartial, one is in hand, so the
                    // most priority is all of it).
                    guard
                        let solution = solveILP(
                            PlacementILP(problem), timeLimit: max(0.05, deadline - Self.now()),
                            gap: problem.relativeGap)
                    else { return }
                    if solution.status == .infeasible { provenInfeasible = !problem.allowPartial }
                    if let b = solution.bestBound, solution.status != .infeasible { bound = max(bound, b) }
                } else {
                    // Lexicographic: first the most placed priority, exactly, then the least
                    // cost among placements that place that much.
                    let phase1 = solveILP(
                        PlacementILP(problem, goal: .maximisePriority),
                        timeLimit: max(0.05, 0.5 * (deadline - Self.now())), gap: 0)
                    guard let phase1, phase1.status == .optimal, let unplaced = phase1.objective else { return }
                    let phase2 = solveILP(
                        PlacementILP(problem, goal: .minimiseCost(unplacedPriorityAtMost: unplaced)),
                        timeLimit: max(0.05, deadline - Self.now()), gap: problem.relativeGap)
                    if let phase2, phase2.status == .optimal || phase2.status == .feasible, let b = phase2.bestBound {
                        partialBound = b
                    }
                }
            }
        }
        // Whatever a phase left behind, answer with the best complete placement found.
        if let best, best.state.isBetter(than: state) || !state.completeCost.isFinite {
            state = best.state
            method = best.method
        }
        let upper = state.completeCost
        // The reported bound is on the cost of the lexicographic optimum: of complete
        // placements when one exists, else (allowPartial) of placements with the most
        // priority, which only GLPK's two models prove.
        var lowerBound: Double? = nil
        if upper.isFinite && bound.isFinite {
            lowerBound = min(problem.provenLeast(bound), upper)
        } else if !upper.isFinite, problem.allowPartial, let partialBound {
            lowerBound = min(problem.provenLeast(partialBound), state.cost)
        }
        // `timeLimit` means the clock stopped the search with the gap open: the phases
        // that search until the deadline stop within ``clockMargin`` of it.
        if Self.now() >= deadline - Self.clockMargin { timedOut = true }
        return PlacementReport.build(
            problem, state: state, lowerBound: lowerBound,
            provenInfeasible: provenInfeasible && !upper.isFinite, timedOut: timedOut && !proven,
            statistics: .init(
                seconds: seconds, nodes: nodes, incumbentMethod: method, boundIterations: lagrangian.iterations,
                improvements: improvements))
    }

    /// Models where large neighbourhood search stops paying: sub-models of a few
    /// clusters hold hundreds of units each.
    func isLarge(_ problem: PlacementProblem) -> Bool {
        problem.unitCount * problem.clusterCount > 200_000 || problem.unitCount / max(problem.clusterCount, 1) > 60
    }

    func gapClosedAt(_ upper: Double, _ bound: Double, _ problem: PlacementProblem) -> Bool {
        upper.isFinite && bound.isFinite && Self.withinGap(upper, problem.provenLeast(bound), problem.relativeGap)
    }

    /// Whether `upper` is within `gap` of `bound`, allowing numerical noise of 1e-7
    /// relative (GLPK's bounds carry its feasibility and integrality tolerances, ~1e-7),
    /// so that a proven optimum with `relativeGap` 0 reads as optimal.
    static func withinGap(_ upper: Double, _ bound: Double, _ gap: Double) -> Bool {
        upper - bound <= gap * max(abs(upper), 1e-9) + numericalTolerance * max(1, abs(upper))
    }

    /// The relative noise ``withinGap(_:_:_:)`` allows.
    static let numericalTolerance = 1e-7

    /// Monotonic seconds: the clock the solver's time limits run on.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// A search that ends this close to its deadline (seconds) was stopped by the
    /// clock: large neighbourhood search leaves its last 10 ms unused.
    static let clockMargin = 0.02
}

extension PlacementSolver {
    /// The exact assignment model GLPK solves (binary x per allowed function–cluster
    /// pair, one assignment row per unit, capacity and anti-affinity rows), for
    /// handing to another solver through ``LinearModel/mps(name:)``. Column j is the
    /// j-th allowed pair in unit, then cluster order.
    public static func exactModel(_ problem: PlacementProblem) -> LinearModel {
        PlacementILP(problem).model
    }

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
