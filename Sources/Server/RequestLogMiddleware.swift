import ALTO
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import Service
import Solver
import Store
import Topology

/// Logs every request as one structured line (method, path, route, status, duration,
/// request id) and returns the request id in `X-Request-ID`.
/// A client's own `X-Request-ID` (up to 128 printable characters) is kept as the id.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ALTORequestContext
    init() {}

    static let requestIDField = HTTPField.Name("X-Request-ID")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        if requestID.isEmpty {
            requestID = String(UInt64.random(in: 1...UInt64.max), radix: 16)
            context.logger[metadataKey: "hb.request.id"] = "\(requestID)"
        }
        if let given = request.headers[Self.requestIDField], !given.isEmpty, given.utf8.count <= 128,
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            requestID = given
            context.logger[metadataKey: "hb.request.id"] = "\(given)"
        }
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let route = context.endpointPath ?? "unmatched"
            context.logger.info(
                "request",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "route": "\(route)",
                    "status": "\(status)", "ms": "\((seconds * 1e5).rounded() / 100)",
                ])
        }
        var response = try await next(request, context)
        status = response.status.code
        response.headers[Self.requestIDField] = requestID
        return response
    }
}
