import ALTO
import HTTPTypes
package import Hummingbird
import Matrix
import Service
import Solver
import Store
import Topology

/// Gives each request at most `limit` to produce its response head; past that the
/// handler is cancelled and the client gets 503 with `Retry-After`. (A streamed body,
/// such as server-sent events, is not limited once its head is sent.) Deadlines are
/// checked by one shared watchdog every 50 ms, so a timeout fires within 50 ms of it.
package struct RequestTimeoutMiddleware: RouterMiddleware {
    package typealias Context = ALTORequestContext
    let limit: Duration
    let metrics: ServerMetrics
    let watchdog = DeadlineWatchdog()

    package init(limit: Duration, metrics: ServerMetrics) {
        self.limit = limit
        self.metrics = metrics
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The handler runs in a task of its own so the watchdog can cancel it. The task is
        // always awaited before returning, so `next` does not really escape, and only that
        // task ever calls it.
        try await withoutActuallyEscaping(next) { next in
            nonisolated(unsafe) let handler = next
            let task = Task { try await handler(request, context) }
            let id = watchdog.register(deadline: .now + limit) { task.cancel() }
            let result = await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
            // A handler that finished (even past the deadline) keeps its answer: it may
            // have committed something, and a 503 would invite a second commit.
            if watchdog.finish(id), case .failure = result {
                metrics.rejected("timeout")
                throw HTTPFailure(
                    .serviceUnavailable, "the request took longer than \(limit) and was cancelled",
                    headers: [.retryAfter: "1"])
            }
            return try result.get()
        }
    }
}
