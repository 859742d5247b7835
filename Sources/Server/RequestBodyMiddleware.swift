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
        var collected = request
        collected.body = RequestBody(buffer: try await server.readBody(request))
        return try await next(collected, context)
    }
}
