import ALTO
import CoreMetrics
import Delivery
import Foundation
import Logging
import Solver
import Store

/// Batch placement: solve, check with the independent validator, and commit unless it is a
/// dry run; list, read and release placements.
extension AltoplaceService {
    /// An `Idempotency-Key` and the hash of the request body it came with.
    public struct Idempotency: Sendable, Hashable {
        public var key: String
        public var bodyHash: String

        public init(key: String, bodyHash: String) {
            self.key = key
            self.bodyHash = bodyHash
        }
    }

    /// Refuses a model too large to compile safely (`.tooLarge`).
    func checkSize(functions: Int, clusters: Int) throws(ServiceError) {
        let limit = options.limits.maxPlacementPairs
        let pairs = functions.multipliedReportingOverflow(by: max(clusters, 1))
        guard !pairs.overflow, pairs.partialValue <= limit, functions <= limit, clusters <= limit else {
            throw ServiceError(
                .tooLarge,
                "\(functions) functions x \(clusters) clusters is over the limit of \(limit) pairs per request (maxPlacementPairs)"
            )
        }
    }

    /// The clusters a request runs on: the given ones, or the registered ones located on
    /// the current network map with their data center's latest report as usage
    /// (`srvload`% of cores, `ramusage`% of RAM, `powerusage` W; `cost` as the price per
    /// core when the cluster has none; `capacity` members the registration leaves out).
    /// Reports are taken as load from outside altoplace's committed placements, which
    /// are added on top (see ``withCommitted``).
    ///
    /// A cluster's data center is the dcid its `dcinfoSource` reports, else the cluster's
    /// own id. Under ``StalePolicy/exclude`` a cluster is left out when that data center's
    /// newest report is older than ``ServiceOptions/staleAfter``, or when it is followed
    /// and has not reported yet; ``DataCenterStatus`` says which and why.
    func effectiveClusters(_ given: [Cluster]?, state: ALTONetworkState, stale policy: StalePolicy = .exclude)
        async throws -> (clusters: [Cluster], dataCenters: [DataCenterStatus])
    {
        if let given { return (given, []) }
        let states = Dictionary(
            dataCenterStates().map { ($0.event.info.dcid.text, $0) }, uniquingKeysWith: { a, _ in a })
        let sourceDC = try await store.sourceDataCenters()
        var clusters: [Cluster] = []
        var statuses: [DataCenterStatus] = []
        for record in try await store.clusters() {
            var cluster = record.located(in: state.networkMap)
            let key = record.dcinfoSource.flatMap { sourceDC[$0] } ?? cluster.id
            let current = states[key]
            var status = DataCenterStatus(
                cluster: cluster.id, dcid: current?.event.info.dcid, age: current?.age, stale: current?.stale ?? false)
            if policy == .exclude {
                if let current, current.stale {
                    status.excluded =
                        "data center \(current.event.info.dcid) last reported \(JSONText.number(current.age)) s ago (stale after \(JSONText.number(options.staleAfter)) s)"
                } else if current == nil, let source = record.dcinfoSource {
                    status.excluded = "its data center agent \(source) has not reported yet"
                }
            }
            if current != nil || record.dcinfoSource != nil || status.excluded != nil { statuses.append(status) }
            guard status.excluded == nil else { continue }
            if let report = current?.event.info {
                if let reported = report.capacity {
                    cluster.capacity.cpu = cluster.capacity.cpu ?? reported.cpu
                    cluster.capacity.ram = cluster.capacity.ram ?? reported.ram
                    cluster.capacity.power = cluster.capacity.power ?? reported.power
                }
                var usage = cluster.usage ?? Resources()
                if let cpu = cluster.capacity.cpu { usage.cpu = cpu * report.srvload / 100 }
                if let ram = cluster.capacity.ram { usage.ram = ram * report.ramusage / 100 }
                if let power = report.powerusage { usage.power = power }
                cluster.usage = usage
                if cluster.pricePerCpu == nil { cluster.pricePerCpu = report.cost }
                if cluster.carbonIntensity == nil { cluster.carbonIntensity = report.carbonintensity }
            }
            clusters.append(cluster)
        }
        return (clusters, statuses)
    }

    /// `clusters` with what `holdings` use taken off their usage where their data center's
    /// report (at `reportedAt`) was measured after they were delivered (never below 0).
    static func withoutReported(
        _ holdings: some Sequence<Holding>, from clusters: [Cluster], reportedAt: [String: Double]
    ) -> [Cluster] {
        var reported: [String: ResourceAmounts] = [:]
        for h in holdings {
            guard let delivered = h.deliveredAt, let t = reportedAt[h.cluster], delivered < t else { continue }
            reported[h.cluster, default: .zero] += h.amounts
        }
        guard !reported.isEmpty else { return clusters }
        return clusters.map { cluster in
            guard let off = reported[cluster.id], var usage = cluster.usage else { return cluster }
            var c = cluster
            usage.cpu = usage.cpu.map { max(0, $0 - off.cpu) }
            usage.ram = usage.ram.map { max(0, $0 - off.ram) }
            usage.power = usage.power.map { max(0, $0 - off.power) }
            c.usage = usage
            return c
        }
    }

    /// `clusters` with what committed placements use added to their usage.
    static func withCommitted(_ clusters: [Cluster], _ committed: [String: ResourceAmounts]) -> [Cluster] {
        clusters.map { cluster in
            guard let used = committed[cluster.id] else { return cluster }
            var c = cluster
            var usage = c.usage ?? Resources()
            usage.cpu = (usage.cpu ?? 0) + used.cpu
            usage.ram = (usage.ram ?? 0) + used.ram
            usage.power = (usage.power ?? 0) + used.power
            c.usage = usage
            return c
        }
    }

    /// Traffic sources given as `ipv4:`/`ipv6:` endpoints become the PIDs that hold them.
    static func mapTraffic(_ functions: [PlacementFunction], map: NetworkMap, path: String = ".functions")
        throws(ServiceError) -> [PlacementFunction]
    {
        var problems: [Problem] = []
        let mapped = functions.enumerated().map { k, f -> PlacementFunction in
            var g = f
            g.traffic = f.traffic?.enumerated().map { j, t in
                guard t.pid.hasPrefix("ipv4:") || t.pid.hasPrefix("ipv6:") else { return t }
                guard let address = IPAddress(typed: t.pid), let index = map.pidIndex(of: address) else {
                    problems.append(
                        Problem(
                            path: "\(path)[\(k)].traffic[\(j)].pid",
                            "function \"\(f.id)\" traffic source \"\(t.pid)\" is not an address of the network map"))
                    return t
                }
                return TrafficSource(pid: map.pids[index], rate: t.rate)
            }
            return g
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        return mapped
    }

    /// The latency table of a request: its inline cost matrix, or the server's network.
    static func latency(for network: NetworkSpec?, state: ALTONetworkState) throws(ServiceError) -> LatencyTable {
        guard let network else { return state.latencyTable }
        guard network.topologyFile == nil else {
            throw ServiceError.invalid([
                Problem(
                    path: ".network.topologyFile",
                    "a topology file is not read over HTTP; send network.costMatrix, or leave network out to use the server's topology"
                )
            ])
        }
        do {
            return try LatencyTable.load(network) ?? state.latencyTable
        } catch {
            throw ServiceError.invalid([Problem(path: ".network", "\(error)")])
        }
    }

    /// Compiles a request, turning validation failures into `.invalid` with every problem.
    static func compile(_ request: PlacementRequest, latency: LatencyTable, threads: Int = 1) throws(ServiceError)
        -> PlacementProblem
    {
        do {
            return try PlacementProblem(request, latency: latency, threads: threads)
        } catch {
            if case .invalidRequest(let problems) = error {
                throw ServiceError.invalid(problems.map { Problem($0) })
            }
            throw ServiceError.invalid([Problem("\(error)")])
        }
    }

    static func noClusters(_ dataCenters: [DataCenterStatus] = []) -> ServiceError {
        let excluded = dataCenters.compactMap { status in status.excluded.map { "\(status.cluster): \($0)" } }
        guard excluded.isEmpty else {
            return ServiceError.invalid(
                [
                    Problem(
                        path: ".clusters", "every registered cluster is excluded: " + excluded.joined(separator: "; "))
                ]
                    + [Problem(path: ".staleDataCenters", "\"use\" places on stale data centers' last reports")])
        }
        return ServiceError.invalid([
            Problem(path: ".clusters", "no clusters: give \"clusters\", or register some with PUT /clusters/{id}")
        ])
    }

    /// Places a batch jointly and commits it unless it is a dry run or nothing could be
    /// placed. With an idempotency key, a repeat of the same body answers what the first
    /// answered; another body under the same key is `.unprocessable`.
    /// - Throws: ``ServiceError`` — `.invalid`, `.tooLarge`, `.conflict` (capacity taken
    ///   between solve and commit: nothing was committed), `.failed` (the result failed
    ///   the validator: a bug); `CancellationError` when the caller went away first.
    public func place(
        _ submission: PlacementSubmission, requestID: String, idempotency: Idempotency? = nil
    ) async throws -> PlacementReply {
        if let idempotency, let entry = try await store.idempotencyEntry(key: idempotency.key) {
            return try Self.replay(entry, bodyHash: idempotency.bodyHash)
        }
        let state = network
        // Report times first: a report arriving meanwhile then errs towards counting twice,
        // never towards leaving a delivered function out.
        let reportedAt = try await reportTimes()
        var (clusters, dataCenters) = try await effectiveClusters(
            submission.clusters, state: state, stale: submission.staleDataCenters ?? .exclude)
        guard !clusters.isEmpty else { throw Self.noClusters(dataCenters) }
        try checkSize(functions: submission.functions.count, clusters: clusters.count)
        let workloadProblems = submission.workloadProblems
        guard workloadProblems.isEmpty else { throw ServiceError.invalid(workloadProblems) }
        var functions = try Self.mapTraffic(submission.functions, map: state.networkMap)
        let latency = try Self.latency(for: submission.network, state: state)
        // A function an earlier placement holds is placed again: it runs where that
        // placement put it (its `current`, unless the request says), and what it holds
        // there is not counted twice.
        let ids = Set(functions.map(\.id))
        let held = try await store.activeHoldings(functions: Array(ids))
        let clusterIDs = Set(clusters.map(\.id))
        for k in functions.indices where functions[k].current == nil {
            if let h = held[functions[k].id], clusterIDs.contains(h.cluster) { functions[k].current = h.cluster }
        }
        // A function placed again without a workload keeps the one it was delivered with.
        var workloads = submission.workloads
        for (function, h) in held where workloads[function] == nil {
            if let text = h.workload, let w = try? JSONDecoder().decode(Workload.self, from: Data(text.utf8)) {
                workloads[function] = w
            }
        }
        // What the functions placed again use now is in their data centers' reports when
        // they were delivered before them; the solve places them afresh, so it comes off.
        clusters = Self.withoutReported(held.values, from: clusters, reportedAt: reportedAt)
        let committed = try await store.committedConsumption(reportedAt: reportedAt, excluding: ids)
        let solved = PlacementRequest(
            clusters: Self.withCommitted(clusters, committed), functions: functions, objective: submission.objective,
            options: submission.options, network: submission.network.flatMap { $0.costMatrix == nil ? nil : $0 })
        let metrics = metrics
        let flag = CancellationFlag()
        // Compiled on the solver's threads too: a large batch compiles for a second.
        let threads = Self.solveThreads(cells: functions.count * clusters.count, limit: threadsPerSolve)
        let finished = try await withTaskCancellationHandler {
            try await solverPool.run(threads: threads) { threads -> Result<PlacementResult, ServiceError>? in
                guard !flag.isSet else { return nil }  // the request timed out or its client left
                let problem: PlacementProblem
                let start = PlacementSolver.now()
                do throws(ServiceError) {
                    problem = try Self.compile(solved, latency: latency, threads: threads)
                } catch {
                    return .failure(error)
                }
                guard !flag.isSet else { return nil }
                metrics.solves.increment()
                // The time limit counts the compile.
                return .success(
                    PlacementSolver(threads: threads).solve(problem, compileSeconds: PlacementSolver.now() - start))
            }
        } onCancel: {
            flag.set()
        }
        guard let finished else { throw CancellationError() }
        let result = try finished.get()
        let report = PlacementValidator.check(solved, latency: latency, result: result)
        guard report.violations.isEmpty else {
            logger.error("placement failed validation", metadata: ["violations": "\(report.violations)"])
            throw ServiceError(
                .failed, "the solver's result failed validation", problems: report.violations.map { Problem($0) })
        }
        let dryRun = submission.dryRun ?? false
        if dryRun || result.assignments.isEmpty {
            let text = DocumentEncoding.text(
                PlacementOutcome(
                    id: nil, committed: false, dryRun: dryRun, requestId: requestID, result: result,
                    dataCenters: dataCenters))
            if let idempotency {
                let entry = try await store.saveIdempotency(
                    IdempotencyEntry(
                        key: idempotency.key, requestHash: idempotency.bodyHash, status: 200, response: text))
                return try Self.replay(entry, bodyHash: idempotency.bodyHash, fresh: entry.response == text)
            }
            return PlacementReply(status: 200, body: text, placementID: nil, replayed: false)
        }
        let consumption = ResourceAmounts.consumption(of: result.assignments, in: solved)
        let id = "p-" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let holdings = ResourceAmounts.perFunction(of: result.assignments, in: solved).map { function, placed in
            var holding = Holding(placement: id, function: function, cluster: placed.cluster, amounts: placed.amounts)
            if let workload = workloads[function] {
                let object = ManifestRenderer.object(
                    workload, function: function, placement: id, cluster: placed.cluster, cpu: placed.amounts.cpu,
                    ram: placed.amounts.ram)
                holding.object = object.jsonText
                holding.objectKey = ManifestRenderer.key(of: object)
                holding.workload = DocumentEncoding.text(workload)
            }
            return holding
        }
        let moves = Dictionary(
            functions.compactMap { f in f.current.map { (f.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let record = PlacementRecord(
            id: id, createdAt: DCInfo.format(Date()), request: DocumentEncoding.text(solved),
            result: DocumentEncoding.text(result), consumption: consumption)
        let text = DocumentEncoding.text(
            PlacementOutcome(
                id: id, committed: true, dryRun: false, requestId: requestID, result: result, dataCenters: dataCenters))
        // The commit is checked against the registered clusters' own capacity and usage
        // wherever an id is registered (a request's inline copy cannot widen them), and
        // against the inline figures for clusters that exist only in the request.
        var limits = Dictionary(clusters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if submission.clusters != nil {
            let registered = try await effectiveClusters(nil, state: state, stale: .use).clusters
            for cluster in Self.withoutReported(held.values, from: registered, reportedAt: reportedAt) {
                limits[cluster.id] = cluster
            }
        }
        let base = limits
        let outcome = try await store.commit(
            record, holdings: holdings, moves: moves, reportedAt: reportedAt,
            idempotency: idempotency.map {
                IdempotencyEntry(key: $0.key, requestHash: $0.bodyHash, status: 201, response: text)
            }
        ) { committedNow in
            Self.overCommitment(consumption, base: base, committed: committedNow)
        }
        switch outcome {
        case .committed(let touched, let queued):
            if queued > 0 { metrics.deliveryOutcome("queued", count: queued) }
            deliveryHub.wake(touched)
        case .replay(let entry): return try Self.replay(entry, bodyHash: idempotency?.bodyHash ?? "")
        case .refused(let refusal):
            logger.info("placement refused at commit", metadata: ["reason": "\(refusal)"])
            throw ServiceError(.conflict, refusal + "; nothing was committed: solve again")
        }
        logger.info(
            "placement committed",
            metadata: ["placement": "\(id)", "functions": "\(result.assignments.count)", "status": "\(result.status)"])
        return PlacementReply(status: 201, body: text, placementID: id, replayed: false)
    }

    /// Why `consumption` no longer fits next to what is committed now, or `nil`.
    static func overCommitment(
        _ consumption: [String: ResourceAmounts], base: [String: Cluster], committed: [String: ResourceAmounts]
    ) -> String? {
        for (id, amounts) in consumption.sorted(by: { $0.key < $1.key }) {
            guard let cluster = base[id] else { continue }
            let already = committed[id] ?? .zero
            let checks: [(String, Double?, Double, Double, Double)] = [
                ("cpu", cluster.capacity.cpu, cluster.usage?.cpu ?? 0, already.cpu, amounts.cpu),
                ("ram", cluster.capacity.ram, cluster.usage?.ram ?? 0, already.ram, amounts.ram),
                ("power", cluster.capacity.power, cluster.usage?.power ?? 0, already.power, amounts.power),
            ]
            for (name, capacity, usage, held, wanted) in checks {
                guard let capacity, wanted > 0 else { continue }
                if usage + held + wanted > capacity + 1e-9 {
                    return
                        "cluster \"\(id)\" \(name): this placement needs \(wanted) but only \(max(0, capacity - usage - held)) is free "
                        + "(capacity \(capacity), in use \(usage), committed by other placements \(held))"
                }
            }
        }
        return nil
    }

    static func replay(_ entry: IdempotencyEntry, bodyHash: String, fresh: Bool = false) throws(ServiceError)
        -> PlacementReply
    {
        guard entry.requestHash == bodyHash else {
            throw ServiceError(
                .unprocessable, "Idempotency-Key \"\(entry.key)\" was used with a different request body",
                problems: [Problem(path: "Idempotency-Key", "was used with a different request body")])
        }
        let id = try? JSONDecoder().decode(PlacementOutcome.self, from: Data(entry.response.utf8)).id
        return PlacementReply(status: entry.status, body: entry.response, placementID: id ?? nil, replayed: !fresh)
    }

    /// Committed placements, and released ones too when asked.
    public func placements(includingReleased: Bool) async throws -> PlacementList {
        PlacementList(
            placements: try await store.placements(includingReleased: includingReleased).map(PlacementSummary.init))
    }

    /// One placement with its result.
    /// - Throws: ``ServiceError`` `.notFound`.
    public func placement(id: String) async throws -> PlacementDocument {
        guard let record = try await store.placement(id: id) else {
            throw ServiceError(.notFound, "no placement \"\(id)\"")
        }
        return try PlacementDocument(record, delivery: try await deliveryStates(placement: id))
    }

    /// Releases a placement: its capacity is free for later requests, and the objects it
    /// still holds (not those a later placement took over) are deleted from their clusters.
    /// - Throws: ``ServiceError`` `.notFound`, or `.conflict` when it was released already.
    public func release(id: String) async throws {
        switch try await store.release(id: id) {
        case .unknown: throw ServiceError(.notFound, "no placement \"\(id)\"")
        case .releasedAlready: throw ServiceError(.conflict, "placement \"\(id)\" was released already")
        case .released(let touched, let queued):
            if queued > 0 { metrics.deliveryOutcome("queued", count: queued) }
            logger.info("placement released", metadata: ["placement": "\(id)"])
            deliveryHub.wake(touched)
        }
    }
}
