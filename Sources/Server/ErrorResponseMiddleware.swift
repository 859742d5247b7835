import ALTO
import HTTPTypes
public import Hummingbird
import Logging
import Matrix
import NIOCore
import Service
import Solver
import Store
import Topology

/// Turns every failure into a response with a body that says what went wrong:
/// ``ALTOError`` as `application/alto-error+json` (400); ``HTTPFailure`` and Hummingbird's
/// own errors as JSON; a path that exists under another method as 405 with `Allow`;
/// anything unexpected as 500 (logged, details not leaked).
public struct ErrorResponseMiddleware: RouterMiddleware {
    public typealias Context = ALTORequestContext
    let routes: [RouteSpec]

    public init(routes: [RouteSpec]) {
        self.routes = routes
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ALTOError {
            context.logger.info("bad request", metadata: ["error": "\(error)"])
            return Self.response(error.json, type: ALTOMediaType.error, status: error.status)
        } catch let failure as HTTPFailure {
            return Self.response(
                failure.json, type: ALTOMediaType.json, status: failure.status, headers: failure.headers)
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = RouteSpec.methods(at: request.uri.path, in: routes)
                if !allowed.isEmpty {
                    let failure = HTTPFailure(
                        .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path)",
                        headers: [.allow: allowed.joined(separator: ", ")])
                    return Self.response(
                        failure.json, type: ALTOMediaType.json, status: failure.status, headers: failure.headers)
                }
                let failure = HTTPFailure(.notFound, "no resource at \(request.uri.path); GET /directory lists them")
                return Self.response(failure.json, type: ALTOMediaType.json, status: failure.status)
            }
            let failure = HTTPFailure(error.status, error.body ?? error.status.reasonPhrase)
            return Self.response(failure.json, type: ALTOMediaType.json, status: failure.status, headers: error.headers)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(error)"])
            let failure = HTTPFailure(
                .internalServerError,
                "internal error; the server log has details (request id \(context.logger[metadataKey: "hb.request.id"]?.description ?? "?"))"
            )
            return Self.response(failure.json, type: ALTOMediaType.json, status: failure.status)
        }
    }

    static func response(
        _ text: String, type: String, status: HTTPResponse.Status, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = type
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
