import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Service

/// Operations: liveness, Prometheus metrics and this API's OpenAPI document.
struct OperationsController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        [
            Route(
                .get, "/healthz", operation: "health", summary: "Liveness and readiness.",
                replies: [
                    .init(200, "Serving.", [(ALTOMediaType.json, Health.self)]),
                    .init(
                        503, "Saturated: every concurrency slot or connection is taken.",
                        [(ALTOMediaType.json, Health.self)], headers: ["Retry-After"]),
                ], handler: health),
            Route(
                .get, "/metrics", operation: "metrics",
                summary: "Prometheus metrics (text exposition format 0.0.4); docs/metrics.md lists them.",
                replies: [.init(200, "The metrics.", [("text/plain", nil)])], handler: metricsText),
            Route(
                .get, "/openapi.json", operation: "openAPI", summary: "This API's OpenAPI 3.1 document.",
                replies: [.init(200, "The document.", [(ALTOMediaType.json, nil)])], handler: openAPI),
        ]
    }

    /// Liveness with the truth about load: 503 and `saturated` when every concurrency
    /// slot or connection is taken. This route itself takes no slot.
    func health(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let health = server.health
        let saturated = health.status == "saturated"
        var headers: HTTPFields = [.contentType: ALTOMediaType.json, .cacheControl: "no-store"]
        if saturated { headers[.retryAfter] = "1" }
        return Response(
            status: saturated ? .serviceUnavailable : .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: health.json)))
    }

    func metricsText(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(
                byteBuffer: ByteBuffer(
                    bytes: metrics.exposition(
                        sseClients: service.subscriberCount, connections: server.connections.count))))
    }

    func openAPI(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: ALTOMediaType.json],
            body: .init(byteBuffer: ByteBuffer(bytes: server.openAPIDocument)))
    }
}
