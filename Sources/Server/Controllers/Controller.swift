import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import NIOCore
import Service
import Solver
import Store
import Topology

/// A group of routes on one concern. Its routes are what the router serves and what the
/// OpenAPI document describes; the helpers here are shared by every controller.
protocol Controller: Sendable {
    var server: ALTOServer { get }
    var routes: [Route] { get }
}

extension Controller {
    var configuration: ServerConfiguration { server.configuration }
    var service: AltoplaceService { server.service }
    var network: ALTONetworkState { server.service.network }
    var metrics: ServerMetrics { server.metrics }

    /// The routes as a Hummingbird route collection.
    var collection: RouteCollection<ALTORequestContext> {
        let collection = RouteCollection(context: ALTORequestContext.self)
        let server = server
        for route in routes {
            guard route.readProtected, server.configuration.readToken != nil else {
                collection.on(RouterPath(route.path), method: route.method, use: route.handler)
                continue
            }
            let handler = route.handler
            collection.on(RouterPath(route.path), method: route.method) { request, context in
                try server.requireReadToken(request)
                return try await handler(request, context)
            }
        }
        return collection
    }

    /// Refuses with 406 unless the `Accept` header admits `type`.
    func requireAcceptable(_ request: Request, _ type: String) throws(HTTPFailure) {
        guard ALTOMediaType.accepts(request.headers[.accept], type) else {
            throw HTTPFailure(
                .notAcceptable, "this resource is served as \(type) only (and errors as \(ALTOMediaType.error))")
        }
    }

    /// Refuses with 415 unless the `Content-Type` (parameters aside) is one of `types`.
    func requireContentType(_ request: Request, _ types: [String]) throws(HTTPFailure) {
        let given = request.headers[.contentType].map(ALTOMediaType.essence)
        guard let given, types.contains(given) else {
            throw HTTPFailure(
                .unsupportedMediaType,
                "Content-Type must be \(types.joined(separator: " or "))" + (given.map { ", not \($0)" } ?? ""))
        }
    }

    /// The request body, at most `configuration.maxBodyBytes` (413 beyond).
    /// (``RequestBodyMiddleware`` has read it already; this takes the buffer.)
    func bodyBytes(_ request: Request) async throws -> ByteBuffer { try await server.readBody(request) }

    /// Refuses with 413 a request for more than `maxEndpointPairs` source × destination
    /// pairs: the answer grows with the product, a small body could ask for gigabytes.
    func requirePairs(_ sources: Int, _ destinations: Int, _ what: String) throws(HTTPFailure) {
        let (pairs, overflow) = sources.multipliedReportingOverflow(by: destinations)
        guard overflow || pairs > configuration.maxEndpointPairs else { return }
        metrics.rejected("too-many-pairs")
        throw HTTPFailure(
            .contentTooLarge,
            "\(sources) × \(destinations) = \(overflow ? "too many" : "\(pairs)") pairs (\(what)); the limit is \(configuration.maxEndpointPairs) (setting maxEndpointPairs)",
            problems: [Problem(path: "", "ask for fewer pairs, or split the request")])
    }

    /// Checks the media types and parses the JSON body of an ALTO POST.
    func altoBody(_ request: Request, accepts: String, produces: String) async throws -> JSONValue {
        try requireContentType(request, [accepts])
        try requireAcceptable(request, produces)
        let bytes = try await bodyBytes(request)
        return try JSONValue.parse(bytes.readableBytesView)
    }

    /// Refuses with 401 when a token is configured and the request does not carry it as
    /// `Authorization: Bearer <token>`.
    func requireToken(_ request: Request) throws(HTTPFailure) {
        guard let token = configuration.token else { return }
        try server.requireBearer(request, anyOf: [token], "this write needs Authorization: Bearer <token>")
    }

    /// A 200 response, or 304 when `If-None-Match` names the ETag already.
    func cacheable(_ request: Request, body: ByteBuffer, type: String, etag: String) -> Response {
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache"]
        if ifNoneMatch(request.headers[.ifNoneMatch], matches: etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A cached document, gzip-encoded when the client accepts it (`Vary: Accept-Encoding`;
    /// the gzip representation has its own ETag, `…-gzip"`, as RFC 9110 §8.8.3 asks of
    /// strong validators), or 304 when `If-None-Match` names the chosen ETag.
    func cacheable(_ request: Request, document: CachedDocument, type: String, etag: String) -> Response {
        let gzip = Gzip.isAccepted(by: request.headers[.acceptEncoding])
        let tag = gzip ? String(etag.dropLast()) + "-gzip\"" : etag
        var headers: HTTPFields = [.eTag: tag, .cacheControl: "no-cache", .vary: "Accept-Encoding"]
        if ifNoneMatch(request.headers[.ifNoneMatch], matches: tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        if gzip { headers[.contentEncoding] = "gzip" }
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: gzip ? document.gzip : document.identity))
    }

    /// Whether an `If-None-Match` value (a list of entity tags, or `*`) matches `etag`
    /// by weak comparison (RFC 9110 §13.1.2).
    func ifNoneMatch(_ header: String?, matches etag: String) -> Bool {
        guard let header else { return false }
        let strip = { (tag: String) -> String in tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
        let wanted = strip(etag)
        return header.split(separator: ",").contains { item in
            let tag = item.trimmingSpaces()
            return tag == "*" || strip(tag) == wanted
        }
    }

    /// A JSON response of the given type and status.
    func json(_ text: String, type: String = ALTOMediaType.json, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Controller {
    /// Checks the `Content-Type` is JSON and decodes the body as `T`.
    /// - Throws: 415 for another media type, 413 over the size limit, 400 with the path of
    ///   the fault (`.functions[0].demand.cpu`) when the body is not a `T`.
    func decode<T: Decodable>(_ type: T.Type, from request: Request, mediaTypes: [String] = [ALTOMediaType.json])
        async throws -> T
    {
        try requireContentType(request, mediaTypes)
        return try decode(type, body: Data(try await bodyBytes(request).readableBytesView))
    }

    /// Decodes a body already read as `T`; a fault is a 400 naming its JSON path.
    func decode<T: Decodable>(_ type: T.Type, body: Data) throws(HTTPFailure) -> T {
        do throws(RequestDecoding.Problem) {
            return try RequestDecoding.decode(type, from: body)
        } catch {
            if error.path.isEmpty,
                case .failure(let fault) = Result(catching: { () throws(ALTOError) in
                    try JSONValue.parse(body)
                })
            {
                // Foundation says only "not valid JSON"; the ALTO reader, which reads
                // numbers and text by the same rules, says where and why (every route
                // then refuses 1e-400 or invalid UTF-8 with the same words).
                throw HTTPFailure(
                    .badRequest, "the body is not valid JSON",
                    problems: [Problem(path: "", fault.syntaxError ?? "not valid JSON")])
            }
            throw HTTPFailure(
                .badRequest, error.path.isEmpty ? "the body is not valid JSON" : "the body does not fit its schema",
                problems: [Problem(path: error.path, error.message)])
        }
    }

    /// A typed document as JSON (keys sorted, newline-terminated).
    func document<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, type: String = ALTOMediaType.json, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = type
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: DocumentEncoding.data(value))))
    }
}
