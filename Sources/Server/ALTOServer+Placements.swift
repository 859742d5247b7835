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

/// Placement over HTTP: `POST /placements` (solve, then commit unless `dryRun`),
/// `GET /placements[/{id}]`, `DELETE /placements/{id}` (release), and
/// `POST /clusters/rank`.
extension ALTOServer {
    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

    /// The largest model a request may ask for, in function × cluster pairs (the solver
    /// keeps about ten numbers per pair), and the most scenarios in one study.
    static let maximumPairs = 4_000_000
    static let maximumScenarios = 1_000

    /// Refuses a model too large to compile safely (413).
    static func checkSize(functions: Int, clusters: Int) throws(HTTPFailure) {
        guard functions.multipliedReportingOverflow(by: max(clusters, 1)).partialValue <= maximumPairs,
            functions <= maximumPairs, clusters <= maximumPairs
        else {
            throw HTTPFailure(
                .contentTooLarge,
                "\(functions) functions x \(clusters) clusters is over the limit of \(maximumPairs) pairs per request")
        }
    }

    /// The clusters a request runs on: the given ones, or the registered ones located on
    /// the current network map with their latest data-center report as usage
    /// (`srvload`% of cores, `ramusage`% of RAM, `powerusage` W; `cost` as the price per
    /// core when the cluster has none). Reports are taken as load from outside
    /// altoplace's committed placements, which are added on top (see ``withCommitted``).
    func effectiveClusters(_ given: [Cluster]?, state: ALTONetworkState) async throws -> [Cluster] {
        if let given { return given }
        let reports = Dictionary(hub.snapshot().events.map { ($0.info.dcid, $0.info) }, uniquingKeysWith: { a, _ in a })
        return try await store.clusters().map { record in
            var cluster = record.located(in: state.networkMap)
            if let report = reports[cluster.id] {
                var usage = cluster.usage ?? Resources()
                if let cpu = cluster.capacity.cpu { usage.cpu = cpu * report.srvload / 100 }
                if let ram = cluster.capacity.ram { usage.ram = ram * report.ramusage / 100 }
                usage.power = report.powerusage
                cluster.usage = usage
                if cluster.pricePerCpu == nil { cluster.pricePerCpu = report.cost }
            }
            return cluster
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
    static func mapTraffic(_ functions: [PlacementFunction], map: NetworkMap) throws(HTTPFailure) -> [PlacementFunction]
    {
        var problems: [String] = []
        let mapped = functions.map { f -> PlacementFunction in
            var g = f
            g.traffic = f.traffic?.map { t in
                guard t.pid.hasPrefix("ipv4:") || t.pid.hasPrefix("ipv6:") else { return t }
                guard let address = IPAddress(typed: t.pid), let index = map.pidIndex(of: address) else {
                    problems.append(
                        "function \"\(f.id)\" traffic source \"\(t.pid)\" is not an address of the network map")
                    return t
                }
                return TrafficSource(pid: map.pids[index], rate: t.rate)
            }
            return g
        }
        guard problems.isEmpty else { throw HTTPFailure(.badRequest, problems[0], problems: problems) }
        return mapped
    }

    /// The latency table of a request: its inline cost matrix, or the server's network.
    func latency(for network: NetworkSpec?, state: ALTONetworkState) throws(HTTPFailure) -> LatencyTable {
        guard let network else { return state.latencyTable }
        guard network.topologyFile == nil else {
            throw HTTPFailure(
                .badRequest,
                "network.topologyFile is not read over HTTP; send network.costMatrix, or leave network out to use the server's topology"
            )
        }
        do {
            return try LatencyTable.load(network) ?? state.latencyTable
        } catch {
            throw HTTPFailure(.badRequest, "network: \(error)")
        }
    }

    /// Compiles a request, turning validation failures into 400 with every problem.
    static func compile(_ request: PlacementRequest, latency: LatencyTable) throws(HTTPFailure) -> PlacementProblem {
        do {
            return try PlacementProblem(request, latency: latency)
        } catch {
            if case .invalidRequest(let problems) = error {
                throw HTTPFailure(.badRequest, "the request has \(problems.count) problem(s)", problems: problems)
            }
            throw HTTPFailure(.badRequest, "\(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    func postPlacement(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireContentType(request, [ALTOMediaType.json])
        let body = Data(try await bodyBytes(request).readableBytesView)
        let requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        let key = request.headers[Self.idempotencyKeyField]
        let bodyHash = ContentHash.hex(of: String(decoding: body, as: UTF8.self))
        if let key {
            guard !key.isEmpty, key.utf8.count <= 255 else {
                throw HTTPFailure(.badRequest, "Idempotency-Key must be 1-255 characters")
            }
            if let entry = try await store.idempotencyEntry(key: key) {
                return try replay(entry, bodyHash: bodyHash)
            }
        }
        let submission: PlacementSubmission
        do {
            submission = try RequestDecoding.decode(PlacementSubmission.self, from: body)
        } catch {
            throw HTTPFailure(.badRequest, "\(error)")
        }
        let state = network
        let clusters = try await effectiveClusters(submission.clusters, state: state)
        guard !clusters.isEmpty else {
            throw HTTPFailure(.badRequest, "no clusters: give \"clusters\", or register some with PUT /clusters/{id}")
        }
        try Self.checkSize(functions: submission.functions.count, clusters: clusters.count)
        let functions = try Self.mapTraffic(submission.functions, map: state.networkMap)
        let latency = try latency(for: submission.network, state: state)
        let committed = try await store.committedConsumption()
        let solved = PlacementRequest(
            clusters: Self.withCommitted(clusters, committed), functions: functions, objective: submission.objective,
            options: submission.options, network: submission.network.flatMap { $0.costMatrix == nil ? nil : $0 })
        let problem = try Self.compile(solved, latency: latency)
        let metrics = metrics
        let flag = CancellationFlag()
        let finished = await withTaskCancellationHandler {
            await solverPool.run { () -> PlacementResult? in
                guard !flag.isSet else { return nil }  // the request timed out or its client left
                metrics.solveStarted()
                return PlacementSolver().solve(problem)
            }
        } onCancel: {
            flag.set()
        }
        guard let result = finished else { throw CancellationError() }
        let report = PlacementValidator.check(solved, latency: latency, result: result)
        guard report.violations.isEmpty else {
            context.logger.error("placement failed validation", metadata: ["violations": "\(report.violations)"])
            throw HTTPFailure(
                .internalServerError, "the solver's result failed validation", problems: report.violations)
        }
        let dryRun = submission.dryRun ?? false
        let resultJSON = Self.encode(result)
        if dryRun || result.assignments.isEmpty {
            let text =
                "{\"id\":null,\"committed\":false,\"dryRun\":\(dryRun),\"requestId\":\(JSONText.quoted(requestID)),\"result\":\(resultJSON)}\n"
            if let key {
                let entry = try await store.saveIdempotency(
                    IdempotencyEntry(key: key, requestHash: bodyHash, status: 200, response: text))
                return try replay(entry, bodyHash: bodyHash, fresh: entry.response == text)
            }
            return json(text)
        }
        let consumption = ResourceAmounts.consumption(of: result.assignments, in: solved)
        let id = "p-" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let record = PlacementRecord(
            id: id, createdAt: DCInfo.format(Date()), request: Self.encode(solved), result: resultJSON,
            consumption: consumption)
        let text =
            "{\"id\":\(JSONText.quoted(id)),\"committed\":true,\"dryRun\":false,\"requestId\":\(JSONText.quoted(requestID)),\"result\":\(resultJSON)}\n"
        // The commit is checked against the registered clusters' own capacity and usage
        // wherever an id is registered (a request's inline copy cannot widen them), and
        // against the inline figures for clusters that exist only in the request.
        var limits = Dictionary(clusters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if submission.clusters != nil {
            for registered in try await effectiveClusters(nil, state: state) { limits[registered.id] = registered }
        }
        let base = limits
        let outcome = try await store.commit(
            record,
            idempotency: key.map { IdempotencyEntry(key: $0, requestHash: bodyHash, status: 201, response: text) }
        ) { committedNow in
            Self.overCommitment(consumption, base: base, committed: committedNow)
        }
        switch outcome {
        case .committed: break
        case .replay(let entry): return try replay(entry, bodyHash: bodyHash)
        case .refused(let refusal):
            context.logger.info("placement refused at commit", metadata: ["reason": "\(refusal)"])
            throw HTTPFailure(.conflict, refusal + "; nothing was committed: solve again")
        }
        context.logger.info(
            "placement committed",
            metadata: ["placement": "\(id)", "functions": "\(result.assignments.count)", "status": "\(result.status)"])
        var response = json(text, status: .created)
        response.headers[.location] = "/placements/\(id)"
        return response
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

    func replay(_ entry: IdempotencyEntry, bodyHash: String, fresh: Bool = false) throws(HTTPFailure) -> Response {
        guard entry.requestHash == bodyHash else {
            throw HTTPFailure(
                .unprocessableContent, "Idempotency-Key \"\(entry.key)\" was used with a different request body")
        }
        var response = json(entry.response, status: HTTPResponse.Status(code: entry.status))
        if !fresh { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    func listPlacements(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let all = request.uri.queryParameters.get("all") == "true"
        let records = try await store.placements(includingReleased: all)
        let items = records.map { r in
            var members = [
                "\"id\":\(JSONText.quoted(r.id))", "\"state\":\"\(r.state)\"",
                "\"createdAt\":\(JSONText.quoted(r.createdAt))",
            ]
            if let releasedAt = r.releasedAt { members.append("\"releasedAt\":\(JSONText.quoted(releasedAt))") }
            members.append("\"consumption\":\(r.consumptionJSON)")
            return "{" + members.joined(separator: ",") + "}"
        }
        return json("{\"placements\":[" + items.joined(separator: ",") + "]}\n")
    }

    func getPlacement(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await store.placement(id: id) else {
            throw HTTPFailure(.notFound, "no placement \"\(id)\"")
        }
        return json(record.json + "\n")
    }

    func deletePlacement(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        let id = try context.parameters.require("id")
        switch try await store.release(id: id) {
        case nil: throw HTTPFailure(.notFound, "no placement \"\(id)\"")
        case false?: throw HTTPFailure(.conflict, "placement \"\(id)\" was released already")
        case true?:
            context.logger.info("placement released", metadata: ["placement": "\(id)"])
            return Response(status: .noContent)
        }
    }

    /// The body of `POST /clusters/rank`.
    struct RankRequest: Decodable {
        var function: PlacementFunction
        var clusters: [Cluster]?
        var objective: ObjectiveWeights?
        var network: NetworkSpec?
    }

    /// Every candidate cluster for one function, cheapest first: total cost with its
    /// terms, worst latency from the function's traffic sources, free resources (after
    /// committed placements); then the excluded clusters with the reason for each.
    func rankClusters(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireContentType(request, [ALTOMediaType.json])
        let body = Data(try await bodyBytes(request).readableBytesView)
        let rank: RankRequest
        do {
            rank = try RequestDecoding.decode(RankRequest.self, from: body)
        } catch {
            throw HTTPFailure(.badRequest, "\(error)")
        }
        let state = network
        let clusters = Self.withCommitted(
            try await effectiveClusters(rank.clusters, state: state), try await store.committedConsumption())
        guard !clusters.isEmpty else {
            throw HTTPFailure(.badRequest, "no clusters: give \"clusters\", or register some with PUT /clusters/{id}")
        }
        try Self.checkSize(functions: 1, clusters: clusters.count)
        let function = try Self.mapTraffic([rank.function], map: state.networkMap)[0]
        let latency = try latency(for: rank.network, state: state)
        let solverRequest = PlacementRequest(clusters: clusters, functions: [function], objective: rank.objective)
        let problem = try Self.compile(solverRequest, latency: latency)
        let options = problem.clusterOptions(forFunction: function.id) ?? []
        let pidOf = Dictionary(clusters.map { ($0.id, $0.pid) }, uniquingKeysWith: { a, _ in a })
        func worstLatency(_ cluster: String) -> Double? {
            guard let pid = pidOf[cluster] ?? nil else { return nil }
            var worst = 0.0
            for t in function.traffic ?? [] {
                guard let l = latency.latency(t.pid, pid), l.isFinite else { return nil }
                worst = max(worst, l)
            }
            return worst
        }
        func resources(_ r: Resources) -> String {
            var members: [String] = []
            if let cpu = r.cpu { members.append("\"cpu\":\(JSONText.number(cpu))") }
            if let ram = r.ram { members.append("\"ram\":\(JSONText.number(ram))") }
            if let power = r.power { members.append("\"power\":\(JSONText.number(power))") }
            return "{" + members.joined(separator: ",") + "}"
        }
        let allowed = options.filter(\.allowed).sorted { ($0.total, $0.cluster) < ($1.total, $1.cluster) }
        let ranking = allowed.enumerated().map { k, o in
            "{\"rank\":\(k + 1),\"cluster\":\(JSONText.quoted(o.cluster)),\"total\":\(JSONText.number(o.total)),"
                + "\"breakdown\":{\"network\":\(JSONText.number(o.network)),\"price\":\(JSONText.number(o.price)),"
                + "\"energy\":\(JSONText.number(o.energy)),\"migration\":\(JSONText.number(o.migration)),\"extra\":\(JSONText.number(o.extra))},"
                + "\"latency\":\(worstLatency(o.cluster).map(JSONText.number) ?? "null"),"
                + "\"demand\":\(resources(o.demand)),\"free\":\(resources(o.free))}"
        }
        let excluded = options.filter { !$0.allowed }.map {
            "{\"cluster\":\(JSONText.quoted($0.cluster)),\"reason\":\(JSONText.quoted($0.reason ?? "not allowed"))}"
        }
        return json(
            "{\"function\":\(JSONText.quoted(function.id)),\"ranking\":[" + ranking.joined(separator: ",")
                + "],\"excluded\":[" + excluded.joined(separator: ",") + "]}\n")
    }
}
