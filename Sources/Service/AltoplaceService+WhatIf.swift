import ALTO
import CoreMetrics
import Foundation
import Logging
import Solver
import Store
import Topology

/// `POST /whatif`: a base and named scenarios, solved in parallel on the solver pool.
extension AltoplaceService {
    /// The study a request describes, on the current state, checked before any solving.
    /// - Throws: ``ServiceError`` `.invalid` (every problem of the scenarios, or of the
    ///   base) or `.tooLarge`.
    public func study(_ request: WhatIfRequest) async throws -> WhatIfStudy {
        guard request.scenarios.count <= Self.maximumScenarios else {
            throw ServiceError(.tooLarge, "at most \(Self.maximumScenarios) scenarios per study")
        }
        let state = network
        var base: PlacementRequest
        var referenceIsCurrent = false
        var reference: [String: String] = [:]
        var latency = state.latencyTable
        var topology: Topology? = state.topology
        switch request.base {
        case .committed:
            // Every committed function, where it runs now. An id used by two placements is
            // qualified with its placement's id (`p-…/cam-1`); a function whose cluster is no
            // longer registered has no `current` (it must move) and counts as moved from it.
            // Report times first (see ``place``), then the clusters with the reported usage
            // of the functions placed again here taken off: they are in the base.
            let reportedAt = try await reportTimes()
            var clusters = try await effectiveClusters(nil, state: state).clusters
            let registered = Set(clusters.map(\.id))
            var held: [Holding] = []
            var functions: [PlacementFunction] = []
            var seen = Set<String>()
            var formerly: [String: String] = [:]
            for record in try await store.placements() {
                let solved = try JSONDecoder().decode(PlacementRequest.self, from: Data(record.request.utf8))
                let result = try JSONDecoder().decode(PlacementResult.self, from: Data(record.result.utf8))
                let at = Dictionary(
                    result.assignments.map { ($0.function, $0.cluster) }, uniquingKeysWith: { a, _ in a })
                // A function a later placement took over is that placement's, not this one's.
                let holdings = try await store.holdings(placement: record.id).filter { $0.transferredTo == nil }
                let holds = Set(holdings.map(\.function))
                held += holdings
                let placed = solved.functions.filter { at[$0.id] != nil && (holdings.isEmpty || holds.contains($0.id)) }
                let clash = placed.contains { seen.contains($0.id) }
                func name(_ id: String) -> String { clash ? "\(record.id)/\(id)" : id }
                for var f in placed {
                    guard let cluster = at[f.id] else { continue }
                    f.id = name(f.id)
                    // Partners an allowPartial commit left unplaced are not in the base.
                    f.colocate = f.colocate?.filter { at[$0] != nil }.map(name)
                    f.antiAffinity = f.antiAffinity?.filter { at[$0] != nil }.map(name)
                    // Per-cluster entries for clusters deleted since no longer name anything.
                    f.costByCluster = f.costByCluster?.filter { registered.contains($0.key) }
                    f.demandByCluster = f.demandByCluster?.filter { registered.contains($0.key) }
                    f.current = registered.contains(cluster) ? cluster : nil
                    if !registered.contains(cluster) { formerly[f.id] = cluster }
                    seen.insert(f.id)
                    functions.append(f)
                }
            }
            guard !functions.isEmpty else {
                throw ServiceError.invalid([
                    Problem(
                        path: ".base",
                        "base \"committed\": nothing is committed; post placements first or give an inline base")
                ])
            }
            clusters = Self.withoutReported(held, from: clusters, reportedAt: reportedAt)
            base = PlacementRequest(clusters: clusters, functions: functions)
            referenceIsCurrent = true
            reference = formerly
        case .inline(let submission):
            base = PlacementRequest(
                clusters: try await effectiveClusters(submission.clusters, state: state).clusters,
                functions: try Self.mapTraffic(submission.functions, map: state.networkMap, path: ".base.functions"),
                objective: submission.objective, options: submission.options,
                network: submission.network.flatMap { $0.costMatrix == nil ? nil : $0 })
            if submission.network != nil {
                latency = try Self.latency(for: submission.network, state: state)
                topology = nil
            }
        }
        if let options = request.options { base.options = options }
        // Added functions may name their traffic by endpoint address, as placements do.
        var scenarios = request.scenarios
        for i in scenarios.indices {
            for j in scenarios[i].changes.indices {
                if let added = scenarios[i].changes[j].addFunctions {
                    scenarios[i].changes[j].addFunctions = try Self.mapTraffic(
                        added, map: state.networkMap, path: ".scenarios[\(i)].changes[\(j)].addFunctions")
                }
            }
        }
        let study = WhatIfStudy(
            base: base, scenarios: scenarios, latency: latency, topology: topology,
            pidNames: state.networkMap.pids, referenceIsCurrent: referenceIsCurrent, formerClusters: reference)
        let problems = study.problems()
        guard problems.isEmpty else { throw ServiceError.invalid(problems.map { Problem(path: ".scenarios", $0) }) }
        let added = request.scenarios.flatMap { $0.changes.flatMap { $0.addFunctions ?? [] } }.count
        try checkSize(functions: base.functions.count + added, clusters: base.clusters.count)
        _ = try Self.compile(base, latency: latency)  // a bad base is the client's error, before any solving
        return study
    }

    /// Solves a study on the solver pool: the base and every scenario, in parallel.
    /// `progress` is called after each solve with (done, total, scenario name).
    /// Cancelling the calling task cancels the solves not yet started.
    public func run(
        _ study: WhatIfStudy, progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }
    ) async throws -> WhatIfReport {
        let started = ContinuousClock.now
        let metrics = metrics
        let (base, outcomes) = try await study.run(
            pool: solverPool, progress: progress, onSolve: { metrics.solves.increment() })
        return WhatIfReport(base: base, outcomes: outcomes, seconds: WhatIfStudy.seconds(since: started))
    }
}
