import ALTO
import Foundation
import Hummingbird
import NIOCore
import Service

/// The data-center reports as an RFC 9240 entity property map (see ``DCPropertyMap``):
/// `GET /propmap/dcinfo` (full) and `POST /propmap/dcinfo/filtered`.
struct PropertyMapController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        [
            Route(
                .get, "/propmap/dcinfo", operation: "getDCPropertyMap",
                summary:
                    "Every data center's reported fields as properties of its gateway address and its PID (RFC 9240 full entity property map).",
                parameters: [
                    Route.Parameter("If-None-Match", in: .header, "Entity tags the client has; a match answers 304.")
                ],
                replies: [
                    .init(
                        200, "The property map.", [(ALTOMediaType.propertyMap, ALTOSchemas.PropertyMap.self)],
                        headers: ["ETag"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                isALTO: true, readProtected: true, handler: full),
            Route(
                .post, "/propmap/dcinfo/filtered", operation: "filterDCPropertyMap",
                summary: "The data-center property map for some entities and properties (RFC 9240 filtered map).",
                body: .init([ALTOMediaType.propertyMapParams], ALTOSchemas.PropertyMapParams.self),
                replies: [
                    .init(
                        200, "The filtered property map.", [(ALTOMediaType.propertyMap, ALTOSchemas.PropertyMap.self)])
                ],
                isALTO: true, readProtected: true, handler: filtered),
        ]
    }

    func full(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.propertyMap)
        let states = service.dataCenterStates()
        let state = network
        let body = DCPropertyMap.full(states, network: state) + "\n"
        let etag = "W/\"\(state.tag)-\(DCInfoDocument.tag(states))\""
        return cacheable(request, body: ByteBuffer(string: body), type: ALTOMediaType.propertyMap, etag: etag)
    }

    func filtered(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let body = try await altoBody(
            request, accepts: ALTOMediaType.propertyMapParams, produces: ALTOMediaType.propertyMap)
        let text = try DCPropertyMap.filtered(body, states: service.dataCenterStates(), network: network)
        return json(text + "\n", type: ALTOMediaType.propertyMap)
    }
}
