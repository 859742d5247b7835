import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's whole body (up to `maxBodyBytes`, else 413) before the request
/// takes a concurrency slot, so clients that stall mid-body hold only their own
/// connection, which the body-read timeout closes, and never a slot other users need.
struct RequestBodyMiddleware: RouterMiddleware {
    typealias Context = ALTORequestContext
    let server: ALTOServer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let fields = request.headers
        let length = fields[.contentLength].flatMap(Int.init)
        // Transfer-Encoding does not survive the conversion to HTTP types, so a chunked
        // body is known only by its method: anything but GET or HEAD without a length.
        let bodiless = request.method == .get || request.method == .head
        guard (length ?? 0) > 0 || (length == nil && !bodiless) else { return try await next(request, context) }
        let limit = server.configuration.maxBodyBytes
        if let length, length > limit {
            server.metrics.rejected("body-too-large")
            throw HTTPFailure(
                .contentTooLarge, "the body is \(length) bytes; the limit is \(limit) (setting maxBodyBytes)")
        }
        var collected = request
        do {
            collected.body = RequestBody(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length) that grew past the limit.
            server.metrics.rejected("body-too-large")
            throw HTTPFailure(.contentTooLarge, "the body is over the limit of \(limit) bytes (setting maxBodyBytes)")
        } catch let error as CancellationError {
            throw error
        } catch {
            // The connection closed or broke mid-body (often the body-read timeout): the
            // client's fault, not the server's, and usually no one is left to answer.
            throw HTTPFailure(.badRequest, "the request body could not be read: \(error)")
        }
        return try await next(collected, context)
    }
}
