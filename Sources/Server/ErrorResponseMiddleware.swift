import ALTO
import HTTPTypes
package import Hummingbird
import Logging
import NIOCore
import Service
import Store

/// Turns every failure into a response whose body says what went wrong: ``ALTOError`` as
/// RFC 7285 `application/alto-error+json` (400); ``ServiceError``, ``HTTPFailure`` and
/// Hummingbird's own errors as RFC 9457 `application/problem+json`; a path that exists
/// under another method as 405 with `Allow`; anything unexpected as 500 (logged, details
/// not leaked).
package struct ErrorResponseMiddleware: RouterMiddleware {
    package typealias Context = ALTORequestContext
    let routes: [Route]

    package init(routes: [Route]) { self.routes = routes }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ALTOError {
            context.logger.info("bad request", metadata: ["error": "\(error)"])
            return Response(
                status: .badRequest, headers: [.contentType: ALTOMediaType.error],
                body: .init(byteBuffer: ByteBuffer(string: error.json + "\n")))
        } catch let error as ServiceError {
            if error.kind == .failed {
                context.logger.error(
                    "internal check failed", metadata: ["error": "\(error)", "problems": "\(error.problems)"])
            }
            return Self.problem(HTTPFailure(error))
        } catch let failure as HTTPFailure {
            return Self.problem(failure)
        } catch let error as StoreError where error.kind == .full {
            // RFC 4918 §11.5: the server cannot store what the request needs stored.
            context.logger.error("store full", metadata: ["error": "\(error)"])
            return Self.problem(
                HTTPFailure(
                    .init(code: 507, reasonPhrase: "Insufficient Storage"),
                    "\(error.detail); reads keep working, and writes succeed again once space is freed",
                    headers: [.retryAfter: "30"], problems: [Problem(path: "", "no space left for the store")]))
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = Route.methods(at: request.uri.path, in: routes)
                if !allowed.isEmpty {
                    return Self.problem(
                        HTTPFailure(
                            .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path)",
                            headers: [.allow: allowed.joined(separator: ", ")]))
                }
                return Self.problem(
                    HTTPFailure(.notFound, "no resource at \(request.uri.path); GET /directory lists them"))
            }
            return Self.problem(
                HTTPFailure(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(error)"])
            return Self.problem(
                HTTPFailure(
                    .internalServerError,
                    "internal error; the server log has details (request id \(context.logger[metadataKey: "hb.request.id"]?.description ?? "?"))"
                ))
        }
    }

    static func problem(_ failure: HTTPFailure) -> Response {
        var headers = failure.headers
        headers[.contentType] = ProblemDocument.mediaType
        return Response(
            status: failure.status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: DocumentEncoding.data(failure.document))))
    }
}
