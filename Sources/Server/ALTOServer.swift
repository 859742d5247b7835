import ALTO
import Delivery
import Foundation
import Hummingbird
public import Logging
public import Matrix
import Metrics
import Prometheus
public import Service
package import Synchronization

/// The HTTP server: the service put on Hummingbird. It owns the settings, the
/// Prometheus registry and the request accounting; every route belongs to a controller
/// (``routes``), and the router and the OpenAPI document are both built from them.
public final class ALTOServer: Sendable {
    public let configuration: ServerConfiguration
    public let service: AltoplaceService
    let logger: Logger
    let metrics: ServerMetrics
    /// Requests being handled now, as the concurrency limit counts them.
    package let inFlight = Atomic<Int>(0)
    /// Open connections against the connection limits.
    let connections: ConnectionTally
    private let openAPICache = Mutex<[UInt8]?>(nil)

    /// Opens the service (store, topology, data-center state) for `configuration`.
    public static func open(
        configuration: ServerConfiguration, logger: Logger = Logger(label: "altoplace"),
        engine: AllPairsEngine = AllPairsEngine()
    ) async throws -> ALTOServer {
        let metrics = ServerMetrics()
        var options = ServiceOptions(
            dataDir: configuration.dataDir, topology: configuration.topology,
            defaultNode: configuration.defaultNode, solverThreads: configuration.solverThreads,
            blockingThreads: configuration.blockingThreads, limits: configuration.serviceLimits,
            staleAfter: configuration.staleAfterSeconds, followSources: configuration.role == .centre,
            followPollInterval: ServerConfiguration.seconds(configuration.followPollInterval))
        options.threadsPerSolve = configuration.solveThreads
        options.decisionNamespaces = DecisionRenderer.Namespaces(
            decisions: configuration.decisionNamespace, clusterProfiles: configuration.clusterProfileNamespace)
        options.retryMax = ServerConfiguration.seconds(configuration.deliveryRetryMax)
        let service = try await AltoplaceService.open(options, logger: logger, metrics: metrics.factory, engine: engine)
        return ALTOServer(configuration: configuration, service: service, logger: logger, metrics: metrics)
    }

    init(configuration: ServerConfiguration, service: AltoplaceService, logger: Logger, metrics: ServerMetrics) {
        self.configuration = configuration
        self.service = service
        self.logger = logger
        self.metrics = metrics
        self.connections = ConnectionTally(
            limit: FileDescriptorLimit.connectionLimit(configured: configuration.maxConnections),
            perClient: configuration.maxConnectionsPerClient)
    }

    /// Stops the service's thread pools. Call it once the HTTP server has stopped.
    public func shutdown() async { await service.shutdown() }

    /// The network state requests are answered from now.
    public var network: ALTONetworkState { service.network }

    /// The controllers, each owning its routes.
    var controllers: [any Controller] {
        if configuration.role == .agent {
            return [ALTOController(server: self), DCInfoController(server: self), OperationsController(server: self)]
        }
        return [
            ALTOController(server: self), DCInfoController(server: self), PropertyMapController(server: self),
            ClustersController(server: self),
            PlacementsController(server: self), DeliveryController(server: self), WhatIfController(server: self),
            TopologyController(server: self),
            OperationsController(server: self),
        ]
    }

    /// What `/healthz` says: the service's state and this server's load, `saturated`
    /// when every concurrency slot or connection is taken.
    public var health: Health {
        var health = service.health
        health.requestsInFlight = inFlight.load(ordering: .relaxed)
        health.requestLimit = configuration.maxConcurrent
        health.connections = connections.count
        health.connectionLimit = connections.limit
        health.pushClients = service.subscriberCount
        if health.requestsInFlight >= health.requestLimit || health.connections >= health.connectionLimit {
            health.status = "saturated"
        }
        return health
    }

    /// Every route the server answers. Without a read token no read is protected.
    public var routes: [Route] {
        let reads = configuration.readToken != nil
        return controllers.flatMap(\.routes).map { route in
            var route = route
            route.readProtected = route.readProtected && reads
            return route
        }
    }

    /// Refuses with 401 a protected read without `Authorization: Bearer` and the read
    /// token or the write token.
    func requireReadToken(_ request: Request) throws(HTTPFailure) {
        guard let readToken = configuration.readToken else { return }
        try requireBearer(
            request, anyOf: [readToken] + (configuration.token.map { [$0] } ?? []),
            "this read needs Authorization: Bearer <read token>")
    }

    /// Refuses with 401 (and `WWW-Authenticate`) a request without `Authorization:
    /// Bearer` and one of `tokens`; `detail` says which token is missing.
    func requireBearer(_ request: Request, anyOf tokens: [String], _ detail: String) throws(HTTPFailure) {
        guard !Self.bearer(request, matchesAnyOf: tokens) else { return }
        metrics.rejected("unauthorized")
        throw HTTPFailure(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer realm=\"altoplace\""])
    }

    /// Whether the request carries `Authorization: Bearer <t>` for one of `tokens`,
    /// compared in constant time.
    static func bearer(_ request: Request, matchesAnyOf tokens: [String]) -> Bool {
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst(7))
        var matched = false
        for token in tokens {
            let expected = Array(token.utf8)
            guard given.count == expected.count else { continue }
            var diff: UInt8 = 0
            for (p, q) in zip(given, expected) { diff |= p ^ q }
            matched = matched || diff == 0
        }
        return matched
    }

    /// The OpenAPI document of ``routes``, JSON, built on first use.
    var openAPIDocument: [UInt8] {
        if let cached = openAPICache.withLock({ $0 }) { return cached }
        let built = OpenAPIDocument.json(routes: routes)
        openAPICache.withLock { $0 = built }
        return built
    }
}
