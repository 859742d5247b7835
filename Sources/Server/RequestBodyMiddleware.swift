import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's whole body (up to `maxBodyBytes`, else 413) before the request
/// takes a concurrency slot, so clients that stall mid-body hold only their own
/// connection, which the body-read timeout closes, and never a slot other users need.
///
/// A body sent with `Content-Encoding: gzip` is decompressed here, and the decompressed
/// body is held to the same `maxBodyBytes` (413 beyond, however small the compressed one);
/// invalid gzip is 400, and any other coding 415 (RFC 9110 §8.4, §15.5.16).
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
        var body = try await server.readBody(request)
        if let coding = fields[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased(),
            coding != "identity"
        {
            guard coding == "gzip" || coding == "x-gzip" else {
                throw HTTPFailure(
                    .unsupportedMediaType, "Content-Encoding \(coding) is not supported; send gzip or identity",
                    headers: [.acceptEncoding: "gzip"])
            }
            let limit = server.configuration.maxBodyBytes
            do {
                body = ByteBuffer(bytes: try Gzip.decompress(body.readableBytesView, limit: limit))
            } catch .tooLarge {
                server.metrics.rejected("body-too-large")
                throw HTTPFailure(
                    .contentTooLarge, "the gzip body decompresses to more than \(limit) bytes (setting maxBodyBytes)")
            } catch {
                throw HTTPFailure(.badRequest, "the body is not valid gzip (Content-Encoding: gzip)")
            }
            var head = request.head
            head.headerFields[.contentEncoding] = nil
            head.headerFields[.contentLength] = String(body.readableBytes)
            collected = Request(head: head, body: RequestBody(buffer: body))
        }
        collected.body = RequestBody(buffer: body)
        return try await next(collected, context)
    }
}
