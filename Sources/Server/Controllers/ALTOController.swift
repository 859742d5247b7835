import ALTO
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import NIOCore
import Service
import Solver
import Store
import Topology

/// The RFC 7285 resources: the directory, the network map, the full and filtered cost
/// maps, and the endpoint property and cost services.
struct ALTOController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        let costMapParameters = [
            Route.Parameter(
                "metric", in: .path, "The cost metric.",
                values: Array(Set(ALTOCostType.allCases.map(\.metricName))).sorted()),
            Route.Parameter("mode", in: .path, "The cost mode.", values: CostMode.allCases.map(\.rawValue)),
        ]
        let ifNoneMatch = Route.Parameter(
            "If-None-Match", in: .header, "Entity tags the client has; a match answers 304.")
        return [
            Route(
                .get, "/directory", operation: "getDirectory",
                summary: "The Information Resource Directory (RFC 7285 §9).", parameters: [ifNoneMatch],
                replies: [
                    .init(
                        200, "The directory.", [(ALTOMediaType.directory, ALTOSchemas.Directory.self)],
                        headers: ["ETag"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                isALTO: true, handler: directory),
            Route(
                .get, "/networkmap", operation: "getNetworkMap", summary: "The full network map (RFC 7285 §11.2.1).",
                parameters: [ifNoneMatch],
                replies: [
                    .init(
                        200, "The network map.", [(ALTOMediaType.networkMap, ALTOSchemas.NetworkMap.self)],
                        headers: ["ETag"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                isALTO: true, handler: networkMap),
            Route(
                .post, "/networkmap/filtered", operation: "filterNetworkMap",
                summary: "The network map restricted to PIDs and address types (RFC 7285 §11.3.1).",
                body: .init([ALTOMediaType.networkMapFilter], ALTOSchemas.NetworkMapFilter.self),
                replies: [
                    .init(200, "The filtered network map.", [(ALTOMediaType.networkMap, ALTOSchemas.NetworkMap.self)])
                ],
                isALTO: true, handler: filteredNetworkMap),
            Route(
                .get, "/costmap/{metric}/{mode}", operation: "getCostMap",
                summary: "A full cost map (RFC 7285 §11.2.3).", parameters: costMapParameters + [ifNoneMatch],
                replies: [
                    .init(200, "The cost map.", [(ALTOMediaType.costMap, ALTOSchemas.CostMap.self)], headers: ["ETag"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                isALTO: true, readProtected: true, handler: costMap),
            Route(
                .post, "/costmap/filtered", operation: "filterCostMap",
                summary: "A cost map restricted to sources, destinations and constraints (RFC 7285 §11.3.2).",
                body: .init([ALTOMediaType.costMapFilter], ALTOSchemas.CostMapFilter.self),
                replies: [.init(200, "The filtered cost map.", [(ALTOMediaType.costMap, ALTOSchemas.CostMap.self)])],
                isALTO: true, readProtected: true, handler: filteredCostMap),
            Route(
                .post, "/endpointprop/lookup", operation: "lookupEndpointProperties",
                summary: "The PID of each endpoint address (RFC 7285 §11.4.1).",
                body: .init([ALTOMediaType.endpointPropertyParams], ALTOSchemas.EndpointPropertyParams.self),
                replies: [
                    .init(
                        200, "Each endpoint's properties.",
                        [(ALTOMediaType.endpointProperty, ALTOSchemas.EndpointProperties.self)])
                ],
                isALTO: true, handler: endpointProperties),
            Route(
                .post, "/endpointcost/lookup", operation: "lookupEndpointCosts",
                summary: "Costs between endpoint addresses, by longest-prefix match to PIDs (RFC 7285 §11.5.1).",
                body: .init([ALTOMediaType.endpointCostParams], ALTOSchemas.EndpointCostParams.self),
                replies: [
                    .init(200, "The endpoint costs.", [(ALTOMediaType.endpointCost, ALTOSchemas.EndpointCosts.self)])
                ],
                isALTO: true, readProtected: true, handler: endpointCosts),
        ]
    }

    /// Resource ids of the directory.
    enum ResourceID {
        static let filteredNetworkMap = "filtered-network-map"
        static let filteredCostMap = "filtered-cost-map"
        static let endpointProperty = "endpoint-property"
        static let endpointCost = "endpoint-cost"
        static let dcInfo = DCInfoDocument.resourceID
    }

    /// The PID endpoint property of the default network map (RFC 7285 §10.8.1).
    static var pidProperty: String { ALTONetworkState.networkMapID + ".pid" }

    /// The directory, with absolute URIs on the host the client used.
    func directoryJSON(base: String) -> String {
        if server.configuration.role == .agent {
            // An agent serves one resource: its data center's DC info, pull and push.
            return
                "{\"meta\":{},\"resources\":{\"\(ResourceID.dcInfo)\":{\"uri\":\"\(base)/getdcinfo\",\"media-type\":\"\(ALTOMediaType.dcInfo)\"}}}\n"
        }
        let types = ALTOCostType.allCases
        let costTypes = types.map {
            "\"\($0.name)\":{\"cost-mode\":\"\($0.mode.rawValue)\",\"cost-metric\":\"\($0.metricName)\",\"description\":\(JSONText.quoted($0.summary))}"
        }.joined(separator: ",")
        let allNames = types.map { "\"\($0.name)\"" }.joined(separator: ",")
        var resources: [String] = []
        func resource(
            _ id: String, _ path: String, _ media: String, accepts: String? = nil, capabilities: String? = nil,
            uses: Bool = true
        ) {
            var members = ["\"uri\":\"\(base)\(path)\"", "\"media-type\":\"\(media)\""]
            if let accepts { members.append("\"accepts\":\"\(accepts)\"") }
            if let capabilities { members.append("\"capabilities\":\(capabilities)") }
            if uses { members.append("\"uses\":[\"\(ALTONetworkState.networkMapID)\"]") }
            resources.append("\"\(id)\":{" + members.joined(separator: ",") + "}")
        }
        resource(ALTONetworkState.networkMapID, "/networkmap", ALTOMediaType.networkMap, uses: false)
        for type in types {
            resource(
                type.costMapID, type.costMapPath, ALTOMediaType.costMap,
                capabilities: "{\"cost-type-names\":[\"\(type.name)\"]}")
        }
        resource(
            ResourceID.filteredNetworkMap, "/networkmap/filtered", ALTOMediaType.networkMap,
            accepts: ALTOMediaType.networkMapFilter)
        resource(
            ResourceID.filteredCostMap, "/costmap/filtered", ALTOMediaType.costMap,
            accepts: ALTOMediaType.costMapFilter,
            capabilities: "{\"cost-constraints\":true,\"cost-type-names\":[\(allNames)]}")
        resource(
            ResourceID.endpointProperty, "/endpointprop/lookup", ALTOMediaType.endpointProperty,
            accepts: ALTOMediaType.endpointPropertyParams, capabilities: "{\"prop-types\":[\"\(Self.pidProperty)\"]}")
        // The endpoint cost service uses no other resource (RFC 7285 §11.5.1.5).
        resource(
            ResourceID.endpointCost, "/endpointcost/lookup", ALTOMediaType.endpointCost,
            accepts: ALTOMediaType.endpointCostParams,
            capabilities: "{\"cost-constraints\":true,\"cost-type-names\":[\(allNames)]}", uses: false)
        resource(ResourceID.dcInfo, "/getdcinfo", ALTOMediaType.dcInfo, uses: false)
        // RFC 9240 property maps of the DC info, on the network map's PIDs and addresses.
        let propmapUses = "\"uses\":[\"\(ALTONetworkState.networkMapID)\",\"\(ResourceID.dcInfo)\"]"
        resources.append(
            "\"\(DCPropertyMap.resourceID)\":{\"uri\":\"\(base)/propmap/dcinfo\",\"media-type\":\"\(ALTOMediaType.propertyMap)\","
                + "\"capabilities\":\(DCPropertyMap.capabilitiesJSON),\(propmapUses)}")
        resources.append(
            "\"\(DCPropertyMap.filteredResourceID)\":{\"uri\":\"\(base)/propmap/dcinfo/filtered\",\"media-type\":\"\(ALTOMediaType.propertyMap)\","
                + "\"accepts\":\"\(ALTOMediaType.propertyMapParams)\",\"capabilities\":\(DCPropertyMap.capabilitiesJSON),\(propmapUses)}"
        )
        return
            "{\"meta\":{\"cost-types\":{\(costTypes)},\"default-alto-network-map\":\"\(ALTONetworkState.networkMapID)\"},"
            + "\"resources\":{" + resources.joined(separator: ",") + "}}\n"
    }

    func directory(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.directory)
        // The authority the client used, if it is a plain host[:port]; else the configured one.
        let fallback = "\(configuration.host):\(configuration.port)"
        let host =
            request.head.authority.flatMap { authority in
                authority.utf8.allSatisfy { c in
                    (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c)
                        || ".-:[]_".utf8.contains(c)
                } && !authority.isEmpty ? authority : nil
            } ?? fallback
        let body = directoryJSON(base: "http://\(host)")
        var hash = ContentHash()
        hash.update(body)
        return cacheable(
            request, body: ByteBuffer(string: body), type: ALTOMediaType.directory, etag: "\"\(hash.hex)\"")
    }

    func networkMap(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.networkMap)
        let state = network
        return cacheable(
            request, document: state.networkMapBody, type: ALTOMediaType.networkMap,
            etag: state.etag(ALTONetworkState.networkMapID))
    }

    func filteredNetworkMap(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let body = try JSONObjectReader(
            try await altoBody(request, accepts: ALTOMediaType.networkMapFilter, produces: ALTOMediaType.networkMap))
        let state = network
        let names = try body.strings("pids")
        let given = try body.optionalStrings("address-types") ?? []
        // RFC 7285 §11.3.1.3 and §8.5.2: an address type the server does not know is
        // E_INVALID_FIELD_VALUE, not a silent "all".
        var families = Set<AddressFamily>()
        for name in given {
            guard let family = AddressFamily(rawValue: name) else {
                throw ALTOError.invalidFieldValue(
                    "address-types", value: name,
                    reason: "an address type is one of "
                        + AddressFamily.allCases.map(\.rawValue).joined(separator: ", "))
            }
            families.insert(family)
        }
        let selection = Self.select(names, in: state.networkMap)
        let text =
            "{\"meta\":{\"vtag\":\(state.vtagJSON)},\"network-map\":"
            + state.networkMap.json(
                selection: selection, families: given.isEmpty ? Set(AddressFamily.allCases) : families) + "}\n"
        return json(text, type: ALTOMediaType.networkMap)
    }

    /// PID indices of `names` in map order, unknown names dropped, duplicates once; all
    /// PIDs for an empty list (RFC 7285 §11.3.1.3, §11.3.2.3).
    static func select(_ names: [String], in map: NetworkMap) -> [Int] {
        guard !names.isEmpty else { return Array(map.pids.indices) }
        return Set(names.compactMap { map.index[$0] }).sorted()
    }

    func costMap(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let metric = context.parameters.get("metric") ?? ""
        let mode = context.parameters.get("mode") ?? ""
        guard let type = ALTOCostType.find(metric: metric, mode: mode) else {
            throw HTTPFailure(
                .notFound,
                "no cost map /costmap/\(metric)/\(mode); there are "
                    + ALTOCostType.allCases.map(\.costMapPath).joined(separator: ", "))
        }
        try requireAcceptable(request, ALTOMediaType.costMap)
        let state = network
        return cacheable(
            request, document: try await service.fullCostMap(type, in: state), type: ALTOMediaType.costMap,
            etag: state.etag(type.costMapID))
    }

    /// Reads `cost-type` and checks it is one the server offers.
    static func costType(in body: JSONObjectReader) throws(ALTOError) -> ALTOCostType {
        let object = try body.object("cost-type")
        let metric = try object.string("cost-metric")
        let mode = try object.string("cost-mode")
        guard ALTOCostType.allCases.contains(where: { $0.metricName == metric }) else {
            throw .invalidFieldValue(
                "cost-type/cost-metric", value: metric, reason: "supported cost metrics: routingcost, hopcount")
        }
        guard let type = ALTOCostType.find(metric: metric, mode: mode) else {
            throw .invalidFieldValue(
                "cost-type/cost-mode", value: mode, reason: "supported cost modes: numerical, ordinal")
        }
        return type
    }

    /// Reads `constraints`: each `"[lt|le|gt|ge|eq] [number]"`.
    static func constraints(in body: JSONObjectReader) throws(ALTOError) -> [CostConstraint] {
        var out: [CostConstraint] = []
        for text in try body.optionalStrings("constraints") ?? [] {
            guard let constraint = CostConstraint(text) else {
                throw .invalidFieldValue(
                    "constraints", value: text,
                    reason: "a constraint is an operator (lt, le, gt, ge, eq), a space and a number")
            }
            out.append(constraint)
        }
        return out
    }

    func filteredCostMap(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let body = try JSONObjectReader(
            try await altoBody(request, accepts: ALTOMediaType.costMapFilter, produces: ALTOMediaType.costMap))
        let type = try Self.costType(in: body)
        let constraints = try Self.constraints(in: body)
        let state = network
        var sources = Array(state.networkMap.pids.indices)
        var destinations = sources
        if let pids = try body.optionalObject("pids") {
            // PIDFilter (RFC 7285 §11.3.2.3): both members are required; an empty list means all.
            sources = Self.select(try pids.strings("srcs"), in: state.networkMap)
            destinations = Self.select(try pids.strings("dsts"), in: state.networkMap)
        }
        try requirePairs(sources.count, destinations.count, "pids/srcs × pids/dsts")
        let document = try state.costMapDocument(
            type, sources: sources, destinations: destinations, constraints: constraints)
        return Response(status: .ok, headers: [.contentType: ALTOMediaType.costMap], body: .init(byteBuffer: document))
    }

    /// Reads a list of typed endpoint addresses; a malformed one is `E_INVALID_FIELD_VALUE`.
    static func endpoints(_ list: [String], field: String) throws(ALTOError) -> [(text: String, address: IPAddress)] {
        var seen = Set<String>()
        var out: [(text: String, address: IPAddress)] = []
        for text in list where seen.insert(text).inserted {
            guard let address = IPAddress(typed: text) else {
                throw .invalidFieldValue(
                    field, value: text, reason: "an endpoint is ipv4:<dotted quad> or ipv6:<address> (RFC 7285 §10.4.1)"
                )
            }
            out.append((text, address))
        }
        return out
    }

    func endpointProperties(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let body = try JSONObjectReader(
            try await altoBody(
                request, accepts: ALTOMediaType.endpointPropertyParams, produces: ALTOMediaType.endpointProperty))
        let properties = try body.strings("properties")
        for property in properties where property != Self.pidProperty {
            throw ALTOError.invalidFieldValue(
                "properties", value: property, reason: "supported properties: \(Self.pidProperty)")
        }
        let endpoints = try Self.endpoints(try body.strings("endpoints"), field: "endpoints")
        let state = network
        let map = state.networkMap
        let members = endpoints.map { endpoint -> String in
            let value =
                properties.isEmpty
                ? ""
                : map.pidIndex(of: endpoint.address).map {
                    "\"\(Self.pidProperty)\":\"\(map.pids[$0])\""
                } ?? ""
            return "\(JSONText.quoted(endpoint.text)):{\(value)}"
        }
        let text =
            "{\"meta\":{\"dependent-vtags\":[\(state.vtagJSON)]},\"endpoint-properties\":{"
            + members.joined(separator: ",") + "}}\n"
        return json(text, type: ALTOMediaType.endpointProperty)
    }

    func endpointCosts(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let body = try JSONObjectReader(
            try await altoBody(request, accepts: ALTOMediaType.endpointCostParams, produces: ALTOMediaType.endpointCost)
        )
        let type = try Self.costType(in: body)
        let constraints = try Self.constraints(in: body)
        let endpointsObject = try body.object("endpoints")
        let dstList = try endpointsObject.optionalStrings("dsts") ?? []
        var srcList = try endpointsObject.optionalStrings("srcs") ?? []
        // RFC 7285 §11.5.1.3: destinations are required; no sources means the client's own address.
        guard !dstList.isEmpty else { throw ALTOError.missingField("endpoints/dsts") }
        let own = context.remoteAddress?.ipAddress.flatMap { text in
            IPAddress(plain: text)?.typedDescription
        }
        if srcList.isEmpty {
            guard let own else { throw ALTOError.missingField("endpoints/srcs") }
            srcList = [own]
        }
        // Counted before anything is parsed (duplicates included): the answer can grow
        // with the product of the two lists, so that product is capped.
        try requirePairs(srcList.count, dstList.count, "endpoints/srcs × endpoints/dsts")
        let sources = try Self.endpoints(srcList, field: "endpoints/srcs")
        let destinations = try Self.endpoints(dstList, field: "endpoints/dsts")
        let state = network
        let matrix = state.matrix(type)
        let renderer = state.renderer(type)
        let srcPIDs = sources.map { state.networkMap.pidIndex(of: $0.address) }
        let dstPIDs = destinations.map { state.networkMap.pidIndex(of: $0.address) }
        var rank: [Double: Int] = [:]
        if type.mode == .ordinal {
            rank = renderer.ranks(sources: srcPIDs.compactMap { $0 }, destinations: dstPIDs.compactMap { $0 })
        }
        var out = ByteBuffer(string: "{\"meta\":{\"cost-type\":\(type.json)},\"endpoint-cost-map\":{")
        var firstRow = true
        for (k, (source, i)) in zip(sources, srcPIDs).enumerated() {
            guard let i else { continue }
            // Cooperative: the request timeout (or a client that went away) stops it.
            if k & 63 == 63 {
                try Task.checkCancellation()
                await Task.yield()
            }
            var cells: [String] = []
            for (destination, j) in zip(destinations, dstPIDs) {
                guard let j, renderer.isPublished(i, j) else { continue }
                let raw = matrix[i, j]
                let value = type.mode == .ordinal ? Double(rank[CostMapRenderer.rounded(Double(raw))]!) : Double(raw)
                guard constraints.allSatisfy({ $0.isMet(by: value) }) else { continue }
                cells.append("\(JSONText.quoted(destination.text)):\(CostMapRenderer.number(value))")
            }
            if cells.isEmpty && !constraints.isEmpty { continue }
            if !firstRow { out.writeString(",") }
            firstRow = false
            out.writeString("\(JSONText.quoted(source.text)):{" + cells.joined(separator: ",") + "}")
        }
        out.writeString("}}\n")
        return Response(status: .ok, headers: [.contentType: ALTOMediaType.endpointCost], body: .init(byteBuffer: out))
    }
}
