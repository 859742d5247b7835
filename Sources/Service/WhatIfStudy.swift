import ALTO
import Foundation
import Matrix
public import Solver
import Store
public import Topology

/// A what-if study: a base placement request and named scenarios, each solved on the
/// solver pool in parallel and compared with the base.
///
/// For each scenario: its status and feasibility, objective and breakdown, the change in
/// total against the base, and which functions move (their cluster differs from the
/// reference assignment: the base's `current` clusters when the base is the committed
/// state, else the base solve's assignment). Unless the base's options say otherwise,
/// scenarios allow a partial placement (`allowPartial`), so a scenario where not
/// everything fits still shows what does and why the rest does not; `feasible` is then
/// whether every function was placed.
public struct WhatIfStudy: Sendable {
    public var base: PlacementRequest
    public var scenarios: [WhatIfScenario]
    /// The base network's latencies (`nil`: the request has no network).
    public var latency: LatencyTable?
    /// The topology behind `latency` and each node's PID in it, for `linkDown`; `nil` when
    /// the network is an inline cost matrix.
    public var topology: Topology?
    public var pidNames: [String]
    /// Compare with the base's `current` clusters instead of the base solve.
    public var referenceIsCurrent: Bool
    /// Where functions without `current` ran before their cluster went away (for moves).
    public var formerClusters: [String: String]

    public init(
        base: PlacementRequest, scenarios: [WhatIfScenario], latency: LatencyTable?, topology: Topology?,
        pidNames: [String], referenceIsCurrent: Bool = false, formerClusters: [String: String] = [:]
    ) {
        self.base = base
        self.scenarios = scenarios
        self.latency = latency
        self.topology = topology
        self.pidNames = pidNames
        self.referenceIsCurrent = referenceIsCurrent
        self.formerClusters = formerClusters
    }

    /// One scenario's outcome.
    public struct Outcome: Sendable, Codable {
        public struct Move: Sendable, Hashable, Codable {
            public var function: String
            /// `nil`: it was unplaced (or new); in `to`, `nil`: unplaced (or removed).
            public var from: String?
            public var to: String?
        }

        public var name: String
        public var status: String
        public var feasible: Bool
        public var objective: PlacementResult.Objective?
        public var delta: Double?
        public var moved: Int
        public var movedFunctions: [Move]
        public var unplaced: Int
        /// Functions left unplaced, each with the reason.
        public var unplacedFunctions: [PlacementResult.Unplaced]
        public var seconds: Double
        /// Why the scenario could not be solved (a bad change or request), if so.
        public var error: String?
        public var result: PlacementResult?

        enum CodingKeys: String, CodingKey {
            case name, status, feasible, objective, delta, moved, movedFunctions, unplaced, unplacedFunctions, seconds,
                error, result
        }

        /// Every key but `result` is written, `null` when absent, so clients see one shape;
        /// `result` is left out when there is none.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(feasible, forKey: .feasible)
            try c.encode(objective, forKey: .objective)
            try c.encode(delta, forKey: .delta)
            try c.encode(moved, forKey: .moved)
            try c.encode(movedFunctions, forKey: .movedFunctions)
            try c.encode(unplaced, forKey: .unplaced)
            try c.encode(unplacedFunctions, forKey: .unplacedFunctions)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(error, forKey: .error)
            if let result { try c.encode(result, forKey: .result) }
        }
    }

    /// Every problem with the scenarios' changes (unknown ids, not exactly one member,
    /// a link down with no topology).
    public func problems() -> [String] {
        var out: [String] = []
        let clusters = Set(base.clusters.map(\.id))
        let functions = Set(base.functions.map(\.id))
        let nodes = Set(topology?.nodes.map(\.id) ?? [])
        if Set(scenarios.map(\.name)).count != scenarios.count { out.append("scenario names must be unique") }
        for s in scenarios {
            for (k, c) in s.changes.enumerated() {
                let at = "scenario \"\(s.name)\" change \(k)"
                if c.memberCount != 1 {
                    out.append(
                        "\(at): give exactly one of clusterDown, linkDown, trafficScale, capacity, addFunctions, removeFunctions"
                    )
                }
                if let id = c.clusterDown, !clusters.contains(id) { out.append("\(at): unknown cluster \"\(id)\"") }
                if let cap = c.capacity, !clusters.contains(cap.cluster) {
                    out.append("\(at): unknown cluster \"\(cap.cluster)\"")
                }
                if let link = c.linkDown {
                    if topology == nil {
                        out.append("\(at): linkDown needs a topology network, not an inline cost matrix")
                    } else if !nodes.contains(link.source) || !nodes.contains(link.target) {
                        out.append("\(at): linkDown names an unknown node (\"\(link.source)\", \"\(link.target)\")")
                    }
                }
                if let scale = c.trafficScale, !(scale.factor.isFinite && scale.factor >= 0) {
                    out.append("\(at): trafficScale.factor must be a number ≥ 0")
                }
                for id in c.removeFunctions ?? [] where !functions.contains(id) {
                    out.append("\(at): unknown function \"\(id)\"")
                }
                for id in c.trafficScale?.functions ?? [] where !functions.contains(id) {
                    out.append("\(at): trafficScale names unknown function \"\(id)\"")
                }
                if let cap = c.capacity, cap.cpu == nil && cap.ram == nil && cap.power == nil {
                    out.append("\(at): capacity sets none of cpu, ram, power")
                }
            }
        }
        return out
    }

    /// The request and latencies of one scenario.
    public func apply(_ scenario: WhatIfScenario) throws -> (PlacementRequest, LatencyTable?) {
        var request = base
        var options = request.options ?? SolveOptions()
        if options.allowPartial == nil { options.allowPartial = true }
        request.options = options
        var latency = self.latency
        // Links are cut from the base topology as resolved once, so every delay keeps
        // the value the base derived (a node without coordinates keeps the position its
        // base neighbours gave it): removing a link can never shorten a path.
        var resolved = try topology?.resolved()
        for change in scenario.changes {
            if let id = change.clusterDown {
                request.clusters.removeAll { $0.id == id }
                for k in request.functions.indices {
                    if request.functions[k].current == id {
                        request.functions[k].current = nil  // it has to move; no migration discount to a dead site
                    }
                    // Per-cluster entries for the gone cluster no longer name anything.
                    request.functions[k].costByCluster?[id] = nil
                    request.functions[k].demandByCluster?[id] = nil
                }
            }
            if let cap = change.capacity, let k = request.clusters.firstIndex(where: { $0.id == cap.cluster }) {
                if let cpu = cap.cpu { request.clusters[k].capacity.cpu = cpu }
                if let ram = cap.ram { request.clusters[k].capacity.ram = ram }
                if let power = cap.power { request.clusters[k].capacity.power = power }
            }
            if let scale = change.trafficScale {
                let only = scale.functions.map(Set.init)
                for k in request.functions.indices where only?.contains(request.functions[k].id) ?? true {
                    request.functions[k].traffic = request.functions[k].traffic?.map {
                        TrafficSource(pid: $0.pid, rate: $0.rate * scale.factor)
                    }
                }
            }
            if let added = change.addFunctions { request.functions += added }
            if let removed = change.removeFunctions {
                let gone = Set(removed)
                request.functions.removeAll { gone.contains($0.id) }
                for k in request.functions.indices {
                    request.functions[k].colocate = request.functions[k].colocate?.filter { !gone.contains($0) }
                    request.functions[k].antiAffinity = request.functions[k].antiAffinity?.filter { !gone.contains($0) }
                }
            }
            if let link = change.linkDown, var changed = resolved {
                let ids = changed.nodeIDs
                changed.arcs.removeAll { arc in
                    let (a, b) = (ids[Int(arc.source)], ids[Int(arc.target)])
                    return (a == link.source && b == link.target) || (a == link.target && b == link.source)
                }
                resolved = changed
                let matrix = AllPairsEngine().costs(try changed.graph(for: .routingcost))
                latency = LatencyTable(matrix: matrix, pids: pidNames)
            }
        }
        return (request, latency)
    }

    /// Solves the base and every scenario on `pool`, in parallel; `progress` is called
    /// after each (done, total, name) and `onSolve` as each solve starts. Cancelling the
    /// calling task skips every solve not yet started and throws `CancellationError`.
    public func run(
        pool: SolverThreadPool, progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in },
        onSolve: @escaping @Sendable () -> Void = {}
    ) async throws -> (base: PlacementResult, outcomes: [Outcome]) {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await run(pool: pool, flag: flag, progress: progress, onSolve: onSolve)
        } onCancel: {
            flag.set()
        }
    }

    /// One solve on the pool, skipped (`nil`) if the study was cancelled before it started.
    static func solve(
        _ request: PlacementRequest, _ latency: LatencyTable?, pool: SolverThreadPool, flag: CancellationFlag,
        onSolve: @escaping @Sendable () -> Void
    ) async throws -> PlacementResult {
        let result = try await pool.run { () -> Result<PlacementResult, PlacementError>? in
            guard !flag.isSet else { return nil }
            onSolve()
            do throws(PlacementError) {
                return .success(try PlacementSolver(threads: 1).solve(PlacementProblem(request, latency: latency)))
            } catch {
                return .failure(error)
            }
        }
        guard let result else { throw CancellationError() }
        let solved = try result.get()
        // Every scenario's answer passes the independent validator, as placements do.
        let report = PlacementValidator.check(request, latency: latency, result: solved)
        guard report.violations.isEmpty else {
            throw WhatIfStudy.InvalidResult(violations: report.violations)
        }
        return solved
    }

    /// A solve whose result failed the validator: a solver bug, never the client's.
    public struct InvalidResult: Error, Sendable, CustomStringConvertible {
        public var violations: [String]
        public var description: String {
            "internal error: a what-if result failed validation: " + violations.joined(separator: "; ")
        }
    }

    private func run(
        pool: SolverThreadPool, flag: CancellationFlag, progress: @escaping @Sendable (Int, Int, String) -> Void,
        onSolve: @escaping @Sendable () -> Void
    ) async throws -> (base: PlacementResult, outcomes: [Outcome]) {
        let total = scenarios.count + 1
        let counter = ProgressCounter()
        let baseRequest = base
        let baseLatency = latency
        async let baseResult = Self.solve(baseRequest, baseLatency, pool: pool, flag: flag, onSolve: onSolve)
        var outcomes = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for (index, scenario) in scenarios.enumerated() {
                group.addTask {
                    try Task.checkCancellation()
                    let started = ContinuousClock.now
                    do {
                        // Applying may recompute all pairs (linkDown): pool work too.
                        let prepared = try await pool.run {
                            () -> Result<(PlacementRequest, LatencyTable?), any Error> in
                            Result { try apply(scenario) }
                        }
                        let (request, latency) = try prepared.get()
                        let result = try await Self.solve(request, latency, pool: pool, flag: flag, onSolve: onSolve)
                        progress(counter.next(), total, scenario.name)
                        return (index, Self.outcome(scenario.name, result, seconds: Self.seconds(since: started)))
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        progress(counter.next(), total, scenario.name)
                        return (
                            index,
                            Outcome(
                                name: scenario.name, status: "error", feasible: false, objective: nil, delta: nil,
                                moved: 0,
                                movedFunctions: [], unplaced: 0, unplacedFunctions: [],
                                seconds: Self.seconds(since: started),
                                error: "\(error)",
                                result: nil)
                        )
                    }
                }
            }
            var collected = [Outcome?](repeating: nil, count: scenarios.count)
            for try await (index, outcome) in group { collected[index] = outcome }
            return collected.map { $0! }
        }
        let base = try await baseResult
        progress(counter.next(), total, "base")
        let reference: [String: String] =
            referenceIsCurrent
            ? Dictionary(
                self.base.functions.compactMap { f in f.current.map { (f.id, $0) } }, uniquingKeysWith: { a, _ in a }
            ).merging(formerClusters) { current, _ in current }
            : Dictionary(base.assignments.map { ($0.function, $0.cluster) }, uniquingKeysWith: { a, _ in a })
        let baseIDs = Set(self.base.functions.map(\.id))
        for k in outcomes.indices {
            guard let result = outcomes[k].result else { continue }
            let now = Dictionary(result.assignments.map { ($0.function, $0.cluster) }, uniquingKeysWith: { a, _ in a })
            var moves: [Outcome.Move] = []
            for id in baseIDs.sorted() {
                if reference[id] != now[id] { moves.append(.init(function: id, from: reference[id], to: now[id])) }
            }
            outcomes[k].movedFunctions = moves
            outcomes[k].moved = moves.count
            if let total = result.objective?.total, let baseTotal = base.objective?.total {
                outcomes[k].delta = total - baseTotal
            }
        }
        return (base, outcomes)
    }

    static func outcome(_ name: String, _ result: PlacementResult, seconds: Double) -> Outcome {
        Outcome(
            name: name, status: result.status.rawValue,
            feasible: result.status != .infeasible && result.unplaced.isEmpty, objective: result.objective, delta: nil,
            moved: 0, movedFunctions: [], unplaced: result.unplaced.count, unplacedFunctions: result.unplaced,
            seconds: seconds, error: nil, result: result)
    }

    package static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
