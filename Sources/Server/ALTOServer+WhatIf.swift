import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import NIOCore
import Service
import Solver
import Store
import Topology

/// `POST /whatif`: a base and named scenarios, solved in parallel on the solver pool.
extension ALTOServer {
    /// The study a request describes, on the server's current state.
    func study(_ request: WhatIfRequest) async throws -> WhatIfStudy {
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
            let clusters = try await effectiveClusters(nil, state: state)
            let registered = Set(clusters.map(\.id))
            var functions: [PlacementFunction] = []
            var seen = Set<String>()
            var formerly: [String: String] = [:]
            for record in try await store.placements() {
                let solved = try JSONDecoder().decode(PlacementRequest.self, from: Data(record.request.utf8))
                let result = try JSONDecoder().decode(PlacementResult.self, from: Data(record.result.utf8))
                let at = Dictionary(
                    result.assignments.map { ($0.function, $0.cluster) }, uniquingKeysWith: { a, _ in a })
                let placed = solved.functions.filter { at[$0.id] != nil }
                let clash = placed.contains { seen.contains($0.id) }
                func name(_ id: String) -> String { clash ? "\(record.id)/\(id)" : id }
                for var f in placed {
                    let cluster = at[f.id]!
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
                throw HTTPFailure(
                    .badRequest,
                    "base \"committed\": nothing is committed; post placements first or give an inline base")
            }
            base = PlacementRequest(clusters: clusters, functions: functions)
            referenceIsCurrent = true
            reference = formerly
        case .inline(let submission):
            base = PlacementRequest(
                clusters: try await effectiveClusters(submission.clusters, state: state),
                functions: try Self.mapTraffic(submission.functions, map: state.networkMap),
                objective: submission.objective, options: submission.options,
                network: submission.network.flatMap { $0.costMatrix == nil ? nil : $0 })
            if submission.network != nil {
                latency = try self.latency(for: submission.network, state: state)
                topology = nil
            }
        }
        if let options = request.options { base.options = options }
        // Added functions may name their traffic by endpoint address, as placements do.
        var scenarios = request.scenarios
        for i in scenarios.indices {
            for j in scenarios[i].changes.indices {
                if let added = scenarios[i].changes[j].addFunctions {
                    scenarios[i].changes[j].addFunctions = try Self.mapTraffic(added, map: state.networkMap)
                }
            }
        }
        let study = WhatIfStudy(
            base: base, scenarios: scenarios, latency: latency, topology: topology,
            pidNames: state.networkMap.pids, referenceIsCurrent: referenceIsCurrent, formerClusters: reference)
        let problems = study.problems()
        guard problems.isEmpty else {
            throw HTTPFailure(.badRequest, "the scenarios have \(problems.count) problem(s)", problems: problems)
        }
        let added = request.scenarios.flatMap { $0.changes.flatMap { $0.addFunctions ?? [] } }.count
        try Self.checkSize(functions: base.functions.count + added, clusters: base.clusters.count)
        _ = try Self.compile(base, latency: latency)  // a bad base is the client's error, before any solving
        return study
    }

    func postWhatIf(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireContentType(request, [ALTOMediaType.json])
        let body = Data(try await bodyBytes(request).readableBytesView)
        let parsed: WhatIfRequest
        do {
            parsed = try RequestDecoding.decode(WhatIfRequest.self, from: body)
        } catch {
            throw HTTPFailure(.badRequest, "\(error)")
        }
        guard parsed.scenarios.count <= Self.maximumScenarios else {
            throw HTTPFailure(.contentTooLarge, "at most \(Self.maximumScenarios) scenarios per study")
        }
        let study = try await study(parsed)
        let pool = solverPool
        let started = ContinuousClock.now
        guard Self.wantsEventStream(request.headers[.accept]) else {
            let metrics = metrics
            let (base, outcomes) = try await study.run(pool: pool, onSolve: { metrics.solveStarted() })
            return json(
                WhatIfReport.json(base: base, outcomes: outcomes, seconds: WhatIfStudy.seconds(since: started)))
        }
        // Streamed: a progress event per finished solve, then the result. Closing the
        // connection cancels the scenarios not yet started.
        let headers: HTTPFields = [.contentType: ALTOMediaType.eventStream, .cacheControl: "no-cache"]
        let logger = context.logger
        let metrics = metrics
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (events, continuation) = AsyncStream<String>.makeStream()
                let work = Task {
                    do {
                        let (base, outcomes) = try await study.run(
                            pool: pool,
                            progress: { done, total, name in
                                continuation.yield(
                                    "event: progress\ndata: {\"done\":\(done),\"total\":\(total),\"scenario\":\(JSONText.quoted(name))}\n\n"
                                )
                            }, onSolve: { metrics.solveStarted() })
                        let text = WhatIfReport.json(
                            base: base, outcomes: outcomes, seconds: WhatIfStudy.seconds(since: started))
                        continuation.yield("event: result\ndata: \(text.dropLast())\n\n")
                    } catch {
                        continuation.yield("event: error\ndata: {\"message\":\(JSONText.quoted("\(error)"))}\n\n")
                    }
                    continuation.finish()
                }
                defer { work.cancel() }  // however the stream ends, stop what has not started
                do {
                    for await event in events { try await writer.write(ByteBuffer(string: event)) }
                    try await writer.finish(nil)
                } catch {
                    work.cancel()
                    logger.info("what-if stream closed by the client; scenarios cancelled")
                    throw error
                }
            })
    }
}
