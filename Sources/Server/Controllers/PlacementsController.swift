import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Service
import Solver

/// Batch placement: `POST /placements` (solve, then commit unless `dryRun`),
/// `GET /placements[/{id}]`, `DELETE /placements/{id}` (release).
struct PlacementsController: Controller {
    let server: ALTOServer
    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!
    static let replayedField = HTTPField.Name("Idempotent-Replayed")!

    var routes: [Route] {
        let id = Route.Parameter("id", in: .path, "The placement's id.", pattern: "^p-[0-9a-f]{1,16}$")
        return [
            Route(
                .post, "/placements", operation: "postPlacement",
                summary:
                    "Places a batch of functions jointly and commits it unless dryRun (Idempotency-Key honoured; 409 if capacity was taken meanwhile).",
                parameters: [
                    Route.Parameter(
                        "Idempotency-Key", in: .header, "Repeats of the request with this key answer the first answer.",
                        pattern: "^[\\x21-\\x7e]{1,255}$")
                ],
                body: .init([ALTOMediaType.json], PlacementSubmission.self),
                replies: [
                    .init(
                        201, "Solved and committed.", [(ALTOMediaType.json, PlacementOutcome.self)],
                        headers: ["Location"]),
                    .init(
                        200, "Solved, not committed (a dry run, or nothing could be placed).",
                        [(ALTOMediaType.json, PlacementOutcome.self)]),
                ],
                needsToken: true, handler: post),
            Route(
                .get, "/placements", operation: "listPlacements",
                summary: "Committed placements (?all=true includes released ones).",
                parameters: [
                    Route.Parameter("all", in: .query, "Include released placements.", values: ["true", "false"])
                ],
                replies: [.init(200, "The placements.", [(ALTOMediaType.json, PlacementList.self)])],
                readProtected: true, handler: list),
            Route(
                .get, "/placements/{id}", operation: "getPlacement", summary: "One placement with its result.",
                parameters: [id],
                replies: [.init(200, "The placement.", [(ALTOMediaType.json, PlacementDocument.self)])],
                readProtected: true, handler: get),
            Route(
                .delete, "/placements/{id}", operation: "deletePlacement",
                summary: "Releases a placement: its capacity is free for later requests.", parameters: [id],
                replies: [.init(204, "Released.")], needsToken: true, handler: delete),
        ]
    }

    func post(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireAcceptable(request, ALTOMediaType.json)
        try requireContentType(request, [ALTOMediaType.json])
        let body = Data(try await bodyBytes(request).readableBytesView)
        var idempotency: AltoplaceService.Idempotency? = nil
        if let key = request.headers[Self.idempotencyKeyField] {
            guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw HTTPFailure(
                    .badRequest, "Idempotency-Key must be 1-255 visible ASCII characters",
                    problems: [Problem(path: "Idempotency-Key", "must be 1-255 visible ASCII characters")])
            }
            idempotency = .init(key: key, bodyHash: ContentHash.hex(of: String(decoding: body, as: UTF8.self)))
        }
        let submission = try decode(PlacementSubmission.self, body: body)
        let requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        let reply = try await service.place(submission, requestID: requestID, idempotency: idempotency)
        var headers: HTTPFields = [.contentType: ALTOMediaType.json]
        if reply.replayed { headers[Self.replayedField] = "true" }
        if reply.status == 201, let id = reply.placementID { headers[.location] = "/placements/\(id)" }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }

    func list(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        let all: Bool
        switch request.uri.queryParameters.get("all") {
        case nil, "false": all = false
        case "true": all = true
        case let other?:
            throw HTTPFailure(
                .badRequest, "all is true or false", problems: [Problem(path: "all", "is true or false, not \(other)")])
        }
        return document(try await service.placements(includingReleased: all))
    }

    func get(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        return document(try await service.placement(id: try context.parameters.require("id")))
    }

    func delete(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try await service.release(id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }
}
