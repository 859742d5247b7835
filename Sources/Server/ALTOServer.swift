import ALTO
import Foundation
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
        let service = try await AltoplaceService.open(
            ServiceOptions(
                dataDir: configuration.dataDir, topology: configuration.topology,
                defaultNode: configuration.defaultNode, solverThreads: configuration.solverThreads,
                blockingThreads: configuration.blockingThreads, limits: configuration.serviceLimits),
            logger: logger, metrics: metrics.factory, engine: engine)
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
        [
            ALTOController(server: self), DCInfoController(server: self), ClustersController(server: self),
            PlacementsController(server: self), WhatIfController(server: self), TopologyController(server: self),
            OperationsController(server: self),
        ]
    }

    /// Every route the server answers.
    public var routes: [Route] { controllers.flatMap(\.routes) }

    /// The OpenAPI document of ``routes``, JSON, built on first use.
    var openAPIDocument: [UInt8] {
        if let cached = openAPICache.withLock({ $0 }) { return cached }
        let built = OpenAPIDocument.json(routes: routes)
        openAPICache.withLock { $0 = built }
        return built
    }
}
