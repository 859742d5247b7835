import ALTO
import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Service
import ServiceLifecycle
import Store

/// Step 4 of draft-yang: delivery plans (`GET /placements/{id}/delivery`), the cluster
/// agents' queues (`GET /clusters/{id}/actions`, pulled or pushed) and their outcomes
/// (`POST /clusters/{id}/actions/{seq}`), and ClusterProfile import (`POST /clusterprofiles`).
///
/// An agent's queue holds what its cluster should carry out now, so its endpoints need
/// the write token (when one is set): the objects carry the workloads' environment.
struct DeliveryController: Controller {
    let server: ALTOServer
    static let yaml = "application/yaml"

    var routes: [Route] {
        let placement = Route.Parameter("id", in: .path, "The placement's id.", pattern: "^p-[0-9a-f]{1,16}$")
        let cluster = Route.Parameter("id", in: .path, "The cluster's id.", pattern: PIDNaming.pattern)
        return [
            Route(
                .get, "/placements/{id}/delivery", operation: "getDelivery",
                summary:
                    "A placement's delivery plan: one PlacementDecision per function (KEP-5313, or OCM with ?form=ocm) and each cluster's ordered actions; multi-document YAML on Accept: application/yaml.",
                parameters: [
                    placement,
                    Route.Parameter(
                        "form", in: .query, "The decisions' form (default kep5313).", values: ["kep5313", "ocm"]),
                ],
                replies: [
                    .init(
                        200, "The plan.",
                        [(ALTOMediaType.json, DeliveryPlan.self), (Self.yaml, nil)])
                ],
                readProtected: true, handler: plan),
            Route(
                .get, "/clusters/{id}/actions", operation: "getClusterActions",
                summary:
                    "What the cluster's agent should carry out now, in order; with Accept: text/event-stream, that list again after every change (server-sent events).",
                parameters: [cluster],
                replies: [
                    .init(
                        200, "The ready actions.",
                        [(ALTOMediaType.json, ClusterActions.self), (ALTOMediaType.eventStream, nil)])
                ],
                needsToken: true, handler: actions),
            Route(
                .post, "/clusters/{id}/actions/{seq}", operation: "postActionOutcome",
                summary:
                    "The agent's outcome of an action: delivered, or failed with the exit status and the output's last lines (retried with backoff).",
                parameters: [
                    cluster,
                    Route.Parameter("seq", in: .path, "The action's sequence number.", pattern: "^[0-9]{1,18}$"),
                ],
                body: .init([ALTOMediaType.json], ActionOutcome.self),
                replies: [.init(200, "Recorded.", [(ALTOMediaType.json, OutcomeReceipt.self)])],
                needsToken: true, handler: outcome),
            Route(
                .post, "/clusterprofiles", operation: "importClusterProfiles",
                summary:
                    "Registers clusters from ClusterProfile objects (KEP-4322): one, or a list as kubectl get clusterprofiles -o json prints it.",
                body: .init([ALTOMediaType.json], ClusterProfileBody.self),
                replies: [.init(200, "The registered cluster ids.", [(ALTOMediaType.json, ImportedClusters.self)])],
                needsToken: true, handler: importProfiles),
        ]
    }

    func plan(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        // YAML only when asked for by name; */* and JSON get JSON.
        let accept = request.headers[.accept]
        let wantsYAML = (accept ?? "").lowercased().contains(Self.yaml) && ALTOMediaType.accepts(accept, Self.yaml)
        if !wantsYAML { try requireAcceptable(request, ALTOMediaType.json) }
        let form: DecisionForm
        switch request.uri.queryParameters.get("form") {
        case nil: form = .kep5313
        case let text?:
            guard let parsed = DecisionForm(rawValue: text) else {
                throw HTTPFailure(
                    .badRequest, "form is kep5313 or ocm",
                    problems: [Problem(path: "form", "is kep5313 or ocm, not \(text)")])
            }
            form = parsed
        }
        let plan = try await service.deliveryPlan(placement: try context.parameters.require("id"), form: form)
        guard wantsYAML else { return document(plan) }
        return Response(
            status: .ok, headers: [.contentType: Self.yaml],
            body: .init(byteBuffer: ByteBuffer(string: plan.yaml)))
    }

    /// The path's cluster id; 404 unless it is one. (A valid id need not be registered
    /// yet: an agent may start first, and its queue is empty until then.)
    func clusterID(_ context: ALTORequestContext) throws -> String {
        let id: String = try context.parameters.require("id")
        guard PIDNaming.isValid(id) else {
            throw HTTPFailure(
                .notFound, "no cluster \"\(id)\": a cluster id is 1-64 characters of [A-Za-z0-9-:@_]")
        }
        return id
    }

    func actions(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        let cluster = try clusterID(context)
        guard ALTOMediaType.wantsEventStream(request.headers[.accept]) else {
            try requireAcceptable(request, ALTOMediaType.json)
            return document(try await service.readyActions(cluster: cluster))
        }
        let service = service
        let heartbeat = configuration.heartbeat
        let changes = service.actionChanges(cluster: cluster)
        let headers: HTTPFields = [
            .contentType: ALTOMediaType.eventStream, .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            // One stream of what to do next: a change (send the list again if it differs)
            // or a heartbeat. Changes while a write is under way coalesce.
            let (events, feed) = AsyncStream<Bool>.makeStream(bufferingPolicy: .bufferingNewest(4))
            let forward = Task {
                for await _ in changes { feed.yield(true) }
                feed.finish()
            }
            let beats = Task {
                var waited = Duration.zero
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    waited += .seconds(1)
                    // Failed actions come due without any other change: look again then.
                    if let due = try? await service.nextRetry(cluster: cluster), due <= Date().timeIntervalSince1970 {
                        feed.yield(true)
                    }
                    if waited >= heartbeat {
                        waited = .zero
                        feed.yield(false)
                    }
                }
            }
            defer {
                forward.cancel()
                beats.cancel()
            }
            var last = try await service.readyActions(cluster: cluster)
            try await writer.write(Self.frame(last))
            try await withGracefulShutdownHandler {
                for await changed in events {
                    guard changed else {
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        continue
                    }
                    let ready = try await service.readyActions(cluster: cluster)
                    guard ready != last else { continue }
                    last = ready
                    try await writer.write(Self.frame(ready))
                }
            } onGracefulShutdown: {
                feed.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One event of the actions stream: the whole ready list.
    static func frame(_ ready: ClusterActions) -> ByteBuffer {
        ByteBuffer(
            string: "event: actions\ndata: \(DocumentEncoding.text(ready).trimmingCharacters(in: .newlines))\n\n")
    }

    func outcome(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireAcceptable(request, ALTOMediaType.json)
        let cluster = try clusterID(context)
        let text: String = try context.parameters.require("seq")
        guard let seq = Int64(text), seq > 0 else {
            throw HTTPFailure(
                .badRequest, "seq is an action's number", problems: [Problem(path: "seq", "not a number: \(text)")])
        }
        let body = try await decode(ActionOutcome.self, from: request)
        return document(try await service.recordOutcome(cluster: cluster, seq: seq, body))
    }

    func importProfiles(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireAcceptable(request, ALTOMediaType.json)
        try requireContentType(request, [ALTOMediaType.json])
        let bytes = try await bodyBytes(request)
        let body: JSONValue
        do {
            body = try JSONValue.parse(bytes.readableBytesView)
        } catch {
            throw HTTPFailure(
                .badRequest, "the body is not valid JSON",
                problems: [Problem(path: "", error.syntaxError ?? "not valid JSON")])
        }
        return document(ImportedClusters(registered: try await service.importClusterProfiles(body)))
    }
}
