import ALTO
import HTTPTypes
import Hummingbird
import Service

/// Registered clusters (`GET/PUT/DELETE /clusters[/{id}]`) and ranking of clusters for
/// one function (`POST /clusters/rank`).
struct ClustersController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        let id = Route.Parameter("id", in: .path, "The cluster's id.", pattern: PIDNaming.pattern)
        return [
            Route(
                .get, "/clusters", operation: "listClusters", summary: "Registered clusters.",
                replies: [.init(200, "Every registered cluster.", [(ALTOMediaType.json, ClusterList.self)])],
                readProtected: true, handler: list),
            Route(
                .post, "/clusters/rank", operation: "rankClusters",
                summary:
                    "Candidate clusters for one function, cheapest first, with latency, cost breakdown and free resources; excluded clusters with reasons.",
                body: .init([ALTOMediaType.json], RankRequest.self),
                replies: [.init(200, "The ranking.", [(ALTOMediaType.json, Ranking.self)])], readProtected: true,
                handler: rank),
            Route(
                .get, "/clusters/{id}", operation: "getCluster", summary: "One registered cluster.", parameters: [id],
                replies: [.init(200, "The cluster.", [(ALTOMediaType.json, ClusterDocument.self)])],
                readProtected: true, handler: get),
            Route(
                .put, "/clusters/{id}", operation: "putCluster",
                summary:
                    "Registers or replaces a cluster (capacity, usage, wattsPerCpu, pricePerCpu, labels, addr or pid).",
                parameters: [id], body: .init([ALTOMediaType.json], ClusterRegistration.self),
                replies: [
                    .init(201, "Registered.", [(ALTOMediaType.json, ClusterDocument.self)]),
                    .init(200, "Replaced.", [(ALTOMediaType.json, ClusterDocument.self)]),
                ],
                needsToken: true, handler: put),
            Route(
                .delete, "/clusters/{id}", operation: "deleteCluster", summary: "Removes a cluster.", parameters: [id],
                replies: [.init(204, "Removed.")], needsToken: true, handler: delete),
        ]
    }

    func list(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        return document(try await service.clusters())
    }

    func get(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        return document(try await service.cluster(id: try context.parameters.require("id")))
    }

    func put(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireAcceptable(request, ALTOMediaType.json)
        let id = try context.parameters.require("id")
        let registration = try await decode(ClusterRegistration.self, from: request)
        let (cluster, created) = try await service.registerCluster(id: id, registration)
        return document(cluster, status: created ? .created : .ok)
    }

    func delete(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try await service.deleteCluster(id: try context.parameters.require("id"))
        return Response(status: .noContent)
    }

    func rank(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireAcceptable(request, ALTOMediaType.json)
        return document(try await service.rank(try await decode(RankRequest.self, from: request)))
    }
}
