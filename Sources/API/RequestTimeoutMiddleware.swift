import HTTPTypes
public import Hummingbird
import Logging
import Matrix
import Solver

/// Gives each request at most `seconds` to produce its response head; past that the
/// handler is cancelled and the client gets 503 with `Retry-After`. (A streamed body,
/// such as server-sent events, is not limited once its head is sent.)
public struct RequestTimeoutMiddleware: RouterMiddleware {
    public typealias Context = ALTORequestContext
    let seconds: Double
    let metrics: ServerMetrics

    public init(seconds: Double, metrics: ServerMetrics) {
        self.seconds = seconds
        self.metrics = metrics
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let seconds = seconds
        // The handler runs in a child task so the timer can cancel it; the group outlives
        // neither, so `next` does not really escape, and only the child ever calls it.
        return try await withoutActuallyEscaping(next) { next in
            nonisolated(unsafe) let handler = next
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await handler(request, context) }
                group.addTask {
                    try await Task.sleep(for: .seconds(seconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    metrics.rejected("timeout")
                    throw HTTPFailure(
                        .serviceUnavailable, "the request took longer than \(seconds) s and was cancelled",
                        headers: [.retryAfter: "1"])
                }
                return response
            }
        }
    }
}
