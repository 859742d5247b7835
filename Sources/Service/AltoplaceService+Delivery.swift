public import ALTO
import CoreMetrics
public import Delivery
import Foundation
import Logging
public import Solver
import Store

/// Step 4 of draft-yang: delivering placements to their clusters, the agents' queues,
/// and what runs where.
extension AltoplaceService {
    /// The delivery plan of a placement: one decision per function in `form`, and each
    /// cluster's actions.
    /// - Throws: ``ServiceError`` `.notFound`.
    public func deliveryPlan(placement id: String, form: DecisionForm = .kep5313) async throws -> DeliveryPlan {
        guard let record = try await store.placement(id: id) else {
            throw ServiceError(.notFound, "no placement \"\(id)\"")
        }
        let request = try JSONDecoder().decode(PlacementRequest.self, from: Data(record.request.utf8))
        let result = try JSONDecoder().decode(PlacementResult.self, from: Data(record.result.utf8))
        let latency = Self.storedLatency(request, state: network)
        let decisions = Self.decisions(
            request: request, result: result, placement: id, form: form, latency: latency,
            namespaces: options.decisionNamespaces)
        var clusters: [String: [PlannedAction]] = [:]
        for action in try await store.actions(placement: id) {
            clusters[action.cluster, default: []].append(PlannedAction(action))
        }
        return DeliveryPlan(placement: id, form: form.rawValue, decisions: decisions, clusters: clusters)
    }

    /// One decision per function of `request`, in request order.
    public static func decisions(
        request: PlacementRequest, result: PlacementResult, placement: String, form: DecisionForm,
        latency: LatencyTable?, namespaces: DecisionRenderer.Namespaces
    ) -> [JSONValue] {
        let clusters = Dictionary(request.clusters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let placed = Dictionary(result.assignments.map { ($0.function, $0.cluster) }, uniquingKeysWith: { a, _ in a })
        let unplaced = Dictionary(result.unplaced.map { ($0.function, $0.reason) }, uniquingKeysWith: { a, _ in a })
        return request.functions.map { f in
            let cluster = placed[f.id].flatMap { clusters[$0] }
            return DecisionRenderer.decision(
                form, placement: placement, function: f.id, cluster: cluster,
                cost: cluster.map { AssignmentCost(f, on: $0, weights: request.objective, latency: latency) },
                unplacedReason: cluster == nil ? unplaced[f.id] ?? "not placed" : nil, namespaces: namespaces)
        }
    }

    /// The latencies a stored request was solved with: its inline matrix, else the
    /// server's current network (which may have changed since).
    static func storedLatency(_ request: PlacementRequest, state: ALTONetworkState) -> LatencyTable? {
        (try? LatencyTable.load(request.network)) ?? state.latencyTable
    }

    /// The ready actions of a cluster's agent, in order.
    public func readyActions(cluster: String) async throws -> ClusterActions {
        let ready = try await store.readyActions(cluster: cluster, now: Date().timeIntervalSince1970)
        return ClusterActions(cluster: cluster, actions: ready.map(PlannedAction.init))
    }

    /// A stream that yields whenever `cluster`'s actions may have changed, and at least
    /// when its earliest failed action comes due again.
    public func actionChanges(cluster: String) -> AsyncStream<Void> { deliveryHub.subscribe(cluster: cluster) }

    /// The earliest time (Unix seconds) a failed action of `cluster` is due again.
    public func nextRetry(cluster: String) async throws -> Double? { try await store.nextRetry(cluster: cluster) }

    /// Wakes the streams following `cluster`'s actions.
    public func wakeDelivery(_ cluster: String) { deliveryHub.wake([cluster]) }

    /// Ends every stream following actions (graceful shutdown).
    public func endDeliveryStreams() { deliveryHub.finishAll() }

    /// Records an agent's outcome for action `seq` of `cluster`.
    /// - Throws: ``ServiceError`` `.notFound` for an action the cluster does not have, `.invalid` for a bad `at`.
    public func recordOutcome(cluster: String, seq: Int64, _ outcome: ActionOutcome) async throws -> OutcomeReceipt {
        var at = Date().timeIntervalSince1970
        if let text = outcome.at {
            guard let date = DCTimestamp.parse(text) else {
                throw ServiceError.invalid([Problem(path: ".at", "\"\(text)\" is not an RFC 3339 time")])
            }
            at = date.timeIntervalSince1970
        }
        let base = options.retryBase
        let cap = options.retryMax
        let message = outcome.output.map { String(decoding: Array($0.utf8.suffix(4096)), as: UTF8.self) }
        let recorded = try await store.recordOutcome(
            cluster: cluster, seq: seq, delivered: outcome.outcome == .delivered, exitStatus: outcome.exitStatus,
            message: outcome.outcome == .failed ? (message ?? "failed") : nil, at: at,
            retryAfter: { attempts in min(cap, base * pow(2, Double(min(attempts, 30) - 1))) })
        switch recorded {
        case .unknown: throw ServiceError(.notFound, "cluster \"\(cluster)\" has no action \(seq)")
        case .superseded: return OutcomeReceipt(recorded: "superseded")
        case .repeated: return OutcomeReceipt(recorded: "repeated")
        case .recorded(let action, let wake):
            metrics.deliveryOutcome(action.state == .delivered ? "delivered" : "failed")
            deliveryHub.wake(wake)
            if action.state == .failed, let due = action.notBefore {
                logger.notice(
                    "delivery action failed",
                    metadata: [
                        "cluster": "\(cluster)", "seq": "\(seq)", "function": "\(action.function)",
                        "attempts": "\(action.attempts)", "exitStatus": "\(action.exitStatus.map(String.init) ?? "-")",
                    ])
                let hub = deliveryHub
                Task {
                    try? await Task.sleep(for: .seconds(max(0, due - Date().timeIntervalSince1970) + 0.01))
                    hub.wake([cluster])
                }
                return OutcomeReceipt(
                    recorded: "failed", retryAt: DCInfo.format(Date(timeIntervalSince1970: due)))
            }
            return OutcomeReceipt(recorded: "delivered")
        }
    }

    /// Each delivered function's state in placement `id`, by function id.
    func deliveryStates(placement id: String) async throws -> [String: FunctionDelivery] {
        let holdings = try await store.holdings(placement: id)
        guard holdings.contains(where: { $0.object != nil }) else { return [:] }
        let own = try await store.actions(placement: id)
        let latest = try await store.latestDelivered(ofFunctionsIn: id)
        var running: [String: [String]] = [:]
        for a in latest where a.action == .apply { running[a.function, default: []].append(a.cluster) }
        var states: [String: FunctionDelivery] = [:]
        for h in holdings where h.object != nil {
            // This placement's newest action on its own copy: the apply, or the release's delete.
            let mine = own.last { $0.function == h.function && $0.cluster == h.cluster && $0.objectKey == h.objectKey }
            guard let mine else { continue }
            states[h.function] = FunctionDelivery(
                action: mine.action.rawValue, state: mine.state.rawValue, cluster: h.cluster,
                runningOn: (running[h.function] ?? []).sorted(), transferredTo: h.transferredTo,
                attempts: mine.attempts,
                exitStatus: mine.exitStatus, message: mine.state == .failed ? mine.message : nil,
                retryAt: mine.state == .failed
                    ? mine.notBefore.map { DCInfo.format(Date(timeIntervalSince1970: $0)) } : nil)
        }
        return states
    }

    /// When each registered cluster's data center last measured (its report's
    /// `timestamp`, else when it arrived), Unix seconds: the T of the accounting rule.
    func reportTimes() async throws -> [String: Double] {
        let latest = Dictionary(
            hub.snapshot().events.map { ($0.info.dcid.text, $0) }, uniquingKeysWith: { a, _ in a })
        let sourceDC = try await store.sourceDataCenters()
        var times: [String: Double] = [:]
        for record in try await store.clusters() {
            let key = record.dcinfoSource.flatMap { sourceDC[$0] } ?? record.cluster.id
            guard let event = latest[key] else { continue }
            times[record.cluster.id] =
                (DCTimestamp.parse(event.info.timestamp) ?? event.receivedAt).timeIntervalSince1970
        }
        return times
    }

    /// Registers the clusters of ClusterProfile objects (one, or a list as `kubectl get
    /// clusterprofiles -o json` prints it); see ``ClusterProfileImport`` for the mapping.
    /// - Throws: ``ServiceError`` `.invalid` with every problem's path; nothing is
    ///   registered then.
    public func importClusterProfiles(_ document: JSONValue) async throws -> [String] {
        let imported: [ImportedCluster]
        switch ClusterProfileImport.clusters(from: document) {
        case .success(let clusters): imported = clusters
        case .failure(let failure):
            throw ServiceError.invalid(failure.problems.map { Problem(path: "." + $0.path, $0.message) })
        }
        var registrations: [(String, ClusterRegistration)] = []
        var problems: [Problem] = []
        for (k, c) in imported.enumerated() {
            let registration = ClusterRegistration(
                capacity: c.capacity, wattsPerCpu: c.wattsPerCpu, pricePerCpu: c.pricePerCpu,
                labels: c.labels.isEmpty ? nil : c.labels, addr: c.addr, pid: c.pid, dcinfoSource: c.dcinfoSource)
            let at = document["items"] != nil ? ".items[\(k)]" : ""
            let result = Result { () throws(ServiceError) in try validatedRecord(id: c.id, registration) }
            switch result {
            case .success: registrations.append((c.id, registration))
            case .failure(let error):
                let found = error.problems.isEmpty ? [Problem(path: "", error.detail)] : error.problems
                problems += found.map { Problem(path: at + $0.path, "cluster \(c.id): \($0.message)") }
            }
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        for (id, registration) in registrations { _ = try await registerCluster(id: id, registration) }
        return registrations.map(\.0)
    }
}

extension AltoplaceService {
    /// The delivery plan of a placement solved offline (`altoplace deliver`): decisions,
    /// and for each placed function with a workload an apply on its cluster, plus, when it
    /// moves away from its `current` cluster, a delete there after it (make-before-break).
    /// Actions are numbered from 1 in that order; every one is pending.
    public static func offlinePlan(
        request: PlacementRequest, workloads: [String: Workload], result: PlacementResult, placement: String,
        form: DecisionForm, namespaces: DecisionRenderer.Namespaces
    ) -> DeliveryPlan {
        let latency = try? LatencyTable.load(request.network)
        let decisions = Self.decisions(
            request: request, result: result, placement: placement, form: form, latency: latency,
            namespaces: namespaces)
        let current = Dictionary(
            request.functions.compactMap { f in f.current.map { (f.id, $0) } }, uniquingKeysWith: { a, _ in a })
        var clusters: [String: [PlannedAction]] = [:]
        var seq: Int64 = 0
        let now = DCInfo.format(Date())
        for (function, placed) in ResourceAmounts.perFunction(of: result.assignments, in: request) {
            guard let workload = workloads[function] else { continue }
            let object = ManifestRenderer.object(
                workload, function: function, placement: placement, cluster: placed.cluster, cpu: placed.amounts.cpu,
                ram: placed.amounts.ram)
            var steps = [(placed.cluster, DeliveryAction.Kind.apply, nil as String?)]
            if let from = current[function], from != placed.cluster { steps.append((from, .delete, function)) }
            for (cluster, kind, after) in steps {
                seq += 1
                clusters[cluster, default: []].append(
                    PlannedAction(
                        DeliveryAction(
                            seq: seq, cluster: cluster, placement: placement, function: function, action: kind,
                            objectKey: ManifestRenderer.key(of: object), object: object.jsonText, afterFunction: after,
                            state: .pending, attempts: 0, createdAt: now, updatedAt: now)))
            }
        }
        return DeliveryPlan(placement: placement, form: form.rawValue, decisions: decisions, clusters: clusters)
    }
}
