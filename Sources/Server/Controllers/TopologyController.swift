import ALTO
import HTTPTypes
import Hummingbird
import Service
import Topology

/// The topology the maps are computed from: `GET /topology` and `PUT /topology`.
struct TopologyController: Controller {
    let server: ALTOServer
    static let versionField = HTTPField.Name("X-Topology-Version")!
    /// Media types `PUT /topology` reads as Topology Zoo GML.
    static let gmlTypes = ["text/plain", "text/x-gml", "application/octet-stream"]

    var routes: [Route] {
        [
            Route(
                .get, "/topology", operation: "getTopology",
                summary: "The current topology, in altoplace topology JSON.",
                parameters: [Route.Parameter("If-None-Match", in: .header, "Entity tags the client has.")],
                replies: [
                    .init(
                        200, "The topology.", [(ALTOMediaType.json, TopologySchema.self)],
                        headers: ["ETag", "X-Topology-Version"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                handler: get),
            Route(
                .put, "/topology", operation: "putTopology",
                summary: "Replaces the topology atomically (JSON or Topology Zoo GML); maps and vtags follow.",
                body: .init([ALTOMediaType.json] + Self.gmlTypes, TopologySchema.self),
                replies: [.init(200, "The new version.", [(ALTOMediaType.json, TopologyChange.self)])],
                needsToken: true, handler: put),
        ]
    }

    func get(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        let state = network
        var response = cacheable(
            request, body: ByteBuffer(string: state.topology.jsonString()), type: ALTOMediaType.json,
            etag: state.etag("topology"))
        response.headers[Self.versionField] = "\(state.version)"
        return response
    }

    /// `PUT /topology`: altoplace topology JSON (`application/json`) or Topology Zoo GML
    /// (`text/plain`, `text/x-gml` or `application/octet-stream`). Answers the new version,
    /// the network map's vtag and any warnings from resolving the topology.
    func put(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireAcceptable(request, ALTOMediaType.json)
        try requireContentType(request, [ALTOMediaType.json] + Self.gmlTypes)
        let isGML = Self.gmlTypes.contains(ALTOMediaType.essence(request.headers[.contentType] ?? ""))
        let bytes = Array(try await bodyBytes(request).readableBytesView)
        let topology: Topology
        do {
            topology =
                isGML
                ? try Topology.parseGML(bytes, source: "request body")
                : try Topology.parseJSON(bytes, source: "request body")
        } catch {
            throw HTTPFailure(.badRequest, "the topology does not parse", problems: [Problem("\(error)")])
        }
        return document(try await service.replaceTopology(topology, source: "PUT /topology"))
    }
}
