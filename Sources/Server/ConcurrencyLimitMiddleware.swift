import ALTO
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import Service
import Solver
import Store
import Synchronization
import Topology

/// Refuses work beyond `maxConcurrent` requests in flight with 503 and `Retry-After: 1`,
/// so a burst queues at the client instead of piling up inside the server.
/// `/healthz` and `/metrics` are always answered.
struct ConcurrencyLimitMiddleware: RouterMiddleware {
    typealias Context = ALTORequestContext
    let server: ALTOServer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" { return try await next(request, context) }
        let limit = server.configuration.maxConcurrent
        let now = server.inFlight.add(1, ordering: .relaxed).newValue
        defer { server.inFlight.subtract(1, ordering: .relaxed) }
        guard now <= limit else {
            server.metrics.rejected("concurrency")
            throw HTTPFailure(
                .serviceUnavailable, "the server is at its limit of \(limit) concurrent requests; retry shortly",
                headers: [.retryAfter: "1"])
        }
        return try await next(request, context)
    }
}
