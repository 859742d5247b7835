import HTTPTypes
import Hummingbird
import NIOCore

extension ALTOServer {
    /// The whole body of `request`, at most `maxBodyBytes`.
    /// - Throws: ``HTTPFailure`` 413 over the limit (by `Content-Length`, or as a chunked
    ///   body grows), 400 when the connection broke mid-body.
    func readBody(_ request: Request) async throws -> ByteBuffer {
        let limit = configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            metrics.rejected("body-too-large")
            throw HTTPFailure(
                .contentTooLarge, "the body is \(length) bytes; the limit is \(limit) (setting maxBodyBytes)")
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            // A chunked body (no Content-Length) that grew past the limit.
            metrics.rejected("body-too-large")
            throw HTTPFailure(.contentTooLarge, "the body is over the limit of \(limit) bytes (setting maxBodyBytes)")
        } catch let error as CancellationError {
            throw error
        } catch {
            // The connection closed or broke mid-body (often the body-read timeout): the
            // client's fault, not the server's, and usually no one is left to answer.
            throw HTTPFailure(.badRequest, "the request body could not be read: \(error)")
        }
    }
}
