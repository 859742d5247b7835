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

/// Clusters, topology and operations routes.
extension ALTOServer {
    // MARK: Clusters

    func listClusters(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        let map = network.networkMap
        let records = try await store.clusters()
        let items = try records.map { try $0.json(in: map) }
        return json("{\"clusters\":[" + items.joined(separator: ",") + "]}\n")
    }

    func getCluster(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        let id = try context.parameters.require("id")
        guard let record = try await store.clusters().first(where: { $0.cluster.id == id }) else {
            throw HTTPFailure(.notFound, "no cluster \"\(id)\" is registered")
        }
        return json(try record.json(in: network.networkMap) + "\n")
    }

    func putCluster(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireContentType(request, [ALTOMediaType.json])
        let id = try context.parameters.require("id")
        guard PIDNaming.isValid(id) else {
            throw ALTOError.invalidFieldValue(
                "id", value: id, reason: "a cluster id is 1-64 characters of [A-Za-z0-9-:@_]")
        }
        let map = network.networkMap
        let record = try ClusterRecord(
            id: id, json: try JSONValue.parse(try await bodyBytes(request).readableBytesView), networkMap: map)
        let document = try record.json(in: map)
        let created = try await store.saveCluster(id: id, document: document)
        context.logger.info("cluster saved", metadata: ["cluster": "\(id)", "created": "\(created)"])
        return json(document + "\n", status: created ? .created : .ok)
    }

    func deleteCluster(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        let id = try context.parameters.require("id")
        guard try await store.deleteCluster(id: id) else {
            throw HTTPFailure(.notFound, "no cluster \"\(id)\" is registered")
        }
        context.logger.info("cluster deleted", metadata: ["cluster": "\(id)"])
        return Response(status: .noContent)
    }

    // MARK: Topology

    func getTopology(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        let state = network
        var response = cacheable(
            request, body: ByteBuffer(string: state.topology.jsonString()), type: ALTOMediaType.json,
            etag: state.etag("topology"))
        response.headers[HTTPField.Name("X-Topology-Version")!] = "\(state.version)"
        return response
    }

    /// `PUT /topology`: altoplace topology JSON (`application/json`) or Topology Zoo GML
    /// (`text/plain`, `text/x-gml` or `application/octet-stream`). Answers the new version,
    /// the network map's vtag and any warnings from resolving the topology.
    func putTopology(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        let gmlTypes = ["text/plain", "text/x-gml", "application/octet-stream"]
        try requireContentType(request, [ALTOMediaType.json] + gmlTypes)
        let isGML = gmlTypes.contains(ALTOMediaType.essence(request.headers[.contentType] ?? ""))
        let bytes = Array(try await bodyBytes(request).readableBytesView)
        let topology: Topology
        do {
            topology =
                isGML
                ? try Topology.parseGML(bytes, source: "request body")
                : try Topology.parseJSON(bytes, source: "request body")
        } catch {
            throw ALTOError.invalidFieldValue("topology", value: "request body", reason: "\(error)")
        }
        let state: ALTONetworkState
        do {
            state = try await replaceTopology(topology, source: "PUT /topology")
        } catch let error as NetworkMapError {
            throw ALTOError.invalidFieldValue("nodes/prefixes", value: "request body", reason: "\(error)")
        } catch let error as TopologyError {
            throw ALTOError.invalidFieldValue("topology", value: "request body", reason: "\(error)")
        }
        let warnings = state.resolved.warnings.map { JSONText.quoted("\($0)") }.joined(separator: ",")
        return json(
            "{\"version\":\(state.version),\"vtag\":\(state.vtagJSON),\"nodes\":\(topology.nodes.count),"
                + "\"links\":\(topology.links.count),\"computeSeconds\":\(state.computeSeconds),\"warnings\":[\(warnings)]}\n"
        )
    }

    // MARK: Operations

    func health(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let state = network
        return json(
            "{\"status\":\"ok\",\"topologyVersion\":\(state.version),\"pids\":\(state.networkMap.pids.count),"
                + "\"dataCenters\":\(hub.snapshot().events.count)}\n")
    }

    func metricsText(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(sseClients: hub.subscriberCount))))
    }

    func openAPI(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        json(OpenAPIDocument.json(routes: Self.routes))
    }
}
