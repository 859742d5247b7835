import ALTO
public import Hummingbird
import Matrix
import Service
import Solver
import Store
import Topology

extension ALTOServer {
    /// Every route the server answers. The router and the OpenAPI document are both built
    /// from this list, and a test checks the router against the document.
    public static let routes: [RouteSpec] = [
        RouteSpec(
            .get, "/directory", operation: "getDirectory",
            summary: "The Information Resource Directory (RFC 7285 §9).", responseType: ALTOMediaType.directory),
        RouteSpec(
            .get, "/networkmap", operation: "getNetworkMap", summary: "The full network map (RFC 7285 §11.2.1).",
            responseType: ALTOMediaType.networkMap),
        RouteSpec(
            .post, "/networkmap/filtered", operation: "filterNetworkMap",
            summary: "The network map restricted to PIDs and address types (RFC 7285 §11.3.1).",
            requestType: ALTOMediaType.networkMapFilter, responseType: ALTOMediaType.networkMap),
        RouteSpec(
            .get, "/costmap/{metric}/{mode}", operation: "getCostMap",
            summary: "A full cost map: metric routingcost or hopcount, mode numerical or ordinal (RFC 7285 §11.2.3).",
            responseType: ALTOMediaType.costMap),
        RouteSpec(
            .post, "/costmap/filtered", operation: "filterCostMap",
            summary: "A cost map restricted to sources, destinations and constraints (RFC 7285 §11.3.2).",
            requestType: ALTOMediaType.costMapFilter, responseType: ALTOMediaType.costMap),
        RouteSpec(
            .post, "/endpointprop/lookup", operation: "lookupEndpointProperties",
            summary: "The PID of each endpoint address (RFC 7285 §11.4.1).",
            requestType: ALTOMediaType.endpointPropertyParams, responseType: ALTOMediaType.endpointProperty),
        RouteSpec(
            .post, "/endpointcost/lookup", operation: "lookupEndpointCosts",
            summary: "Costs between endpoint addresses, by longest-prefix match to PIDs (RFC 7285 §11.5.1).",
            requestType: ALTOMediaType.endpointCostParams, responseType: ALTOMediaType.endpointCost),
        RouteSpec(
            .get, "/getdcinfo", operation: "getDCInfo",
            summary:
                "Data-center resource information, all or ?dcid=; with Accept: text/event-stream, the state then every change (server-sent events).",
            responseType: ALTOMediaType.dcInfo),
        RouteSpec(
            .post, "/dcinfo", operation: "postDCInfo", summary: "A data center reports its resource state.",
            requestType: ALTOMediaType.dcInfo, responseType: ALTOMediaType.dcInfo),
        RouteSpec(
            .get, "/clusters", operation: "listClusters", summary: "Registered clusters.",
            responseType: ALTOMediaType.json),
        RouteSpec(
            .get, "/clusters/{id}", operation: "getCluster", summary: "One registered cluster.",
            responseType: ALTOMediaType.json),
        RouteSpec(
            .put, "/clusters/{id}", operation: "putCluster",
            summary: "Registers or replaces a cluster (capacity, wattsPerCpu, pricePerCpu, labels, addr or pid).",
            requestType: ALTOMediaType.json, responseType: ALTOMediaType.json),
        RouteSpec(
            .delete, "/clusters/{id}", operation: "deleteCluster", summary: "Removes a cluster.",
            responseType: ALTOMediaType.json, successStatus: 204),
        RouteSpec(
            .post, "/clusters/rank", operation: "rankClusters",
            summary:
                "Candidate clusters for one function, cheapest first, with latency, cost breakdown and free resources; excluded clusters with reasons.",
            requestType: ALTOMediaType.json, responseType: ALTOMediaType.json),
        RouteSpec(
            .post, "/placements", operation: "postPlacement",
            summary:
                "Places a batch of functions jointly and commits it unless dryRun (Idempotency-Key honoured; 409 if capacity was taken meanwhile).",
            requestType: ALTOMediaType.json, responseType: ALTOMediaType.json, successStatus: 201),
        RouteSpec(
            .get, "/placements", operation: "listPlacements",
            summary: "Committed placements (?all=true includes released ones).", responseType: ALTOMediaType.json),
        RouteSpec(
            .get, "/placements/{id}", operation: "getPlacement", summary: "One placement with its result.",
            responseType: ALTOMediaType.json),
        RouteSpec(
            .delete, "/placements/{id}", operation: "deletePlacement",
            summary: "Releases a placement: its capacity is free for later requests.", responseType: ALTOMediaType.json,
            successStatus: 204),
        RouteSpec(
            .post, "/whatif", operation: "postWhatIf",
            summary:
                "What-if study: a base (\"committed\" or an inline request) and named scenarios solved in parallel; with Accept: text/event-stream, progress events then the result.",
            requestType: ALTOMediaType.json, responseType: ALTOMediaType.json),
        RouteSpec(
            .get, "/topology", operation: "getTopology", summary: "The current topology, in altoplace topology JSON.",
            responseType: ALTOMediaType.json),
        RouteSpec(
            .put, "/topology", operation: "putTopology",
            summary: "Replaces the topology atomically (JSON or Topology Zoo GML); maps and vtags follow.",
            requestType: ALTOMediaType.json, responseType: ALTOMediaType.json),
        RouteSpec(
            .get, "/healthz", operation: "health", summary: "Liveness and readiness.", responseType: ALTOMediaType.json),
        RouteSpec(
            .get, "/metrics", operation: "metrics", summary: "Prometheus metrics (text exposition format 0.0.4).",
            responseType: "text/plain"),
        RouteSpec(
            .get, "/openapi.json", operation: "openAPI", summary: "This API's OpenAPI 3.1 document.",
            responseType: ALTOMediaType.json),
    ]

    /// The router: middleware (outermost first: logging and metrics, error responses,
    /// concurrency limit, timeout), then every route of ``routes``.
    public func router() -> Router<ALTORequestContext> {
        let router = Router(context: ALTORequestContext.self)
        router.add(middleware: RequestLogMiddleware(server: self))
        router.add(middleware: ErrorResponseMiddleware(routes: Self.routes))
        router.add(middleware: ConcurrencyLimitMiddleware(server: self))
        router.add(middleware: RequestTimeoutMiddleware(seconds: configuration.requestTimeout, metrics: metrics))
        for route in Self.routes {
            let handler = self.handler(for: route.operation)
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await handler(request, context)
            }
        }
        return router
    }

    typealias Handler = @Sendable (Request, ALTORequestContext) async throws -> Response

    private func handler(for operation: String) -> Handler {
        switch operation {
        case "getDirectory": return { [self] in try await directory($0, $1) }
        case "getNetworkMap": return { [self] in try await networkMap($0, $1) }
        case "filterNetworkMap": return { [self] in try await filteredNetworkMap($0, $1) }
        case "getCostMap": return { [self] in try await costMap($0, $1) }
        case "filterCostMap": return { [self] in try await filteredCostMap($0, $1) }
        case "lookupEndpointProperties": return { [self] in try await endpointProperties($0, $1) }
        case "lookupEndpointCosts": return { [self] in try await endpointCosts($0, $1) }
        case "getDCInfo": return { [self] in try await getDCInfo($0, $1) }
        case "postDCInfo": return { [self] in try await postDCInfo($0, $1) }
        case "listClusters": return { [self] in try await listClusters($0, $1) }
        case "getCluster": return { [self] in try await getCluster($0, $1) }
        case "putCluster": return { [self] in try await putCluster($0, $1) }
        case "deleteCluster": return { [self] in try await deleteCluster($0, $1) }
        case "rankClusters": return { [self] in try await rankClusters($0, $1) }
        case "postPlacement": return { [self] in try await postPlacement($0, $1) }
        case "listPlacements": return { [self] in try await listPlacements($0, $1) }
        case "getPlacement": return { [self] in try await getPlacement($0, $1) }
        case "deletePlacement": return { [self] in try await deletePlacement($0, $1) }
        case "postWhatIf": return { [self] in try await postWhatIf($0, $1) }
        case "getTopology": return { [self] in try await getTopology($0, $1) }
        case "putTopology": return { [self] in try await putTopology($0, $1) }
        case "health": return { [self] in try await health($0, $1) }
        case "metrics": return { [self] in try await metricsText($0, $1) }
        case "openAPI": return { [self] in try await openAPI($0, $1) }
        default: preconditionFailure("no handler for \(operation)")
        }
    }
}
