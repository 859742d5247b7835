import ALTO
import Foundation
public import Logging
public import Matrix
public import Service
public import Solver
public import Store
public import Synchronization
public import Topology

/// The ALTO server's state and request handling: the current network state (swapped
/// atomically on `PUT /topology`), the durable store, the data-center hub and metrics.
/// ``router()`` and ``application()`` put it on HTTP.
public final class ALTOServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: ALTOStore
    public let hub: DCInfoHub
    public let metrics: ServerMetrics
    public let logger: Logger
    /// Dedicated threads for solves (never the cooperative pool or an event loop).
    public let solverPool: SolverThreadPool
    let engine: AllPairsEngine
    private let current: Mutex<ALTONetworkState>
    /// Requests being handled now, as the concurrency limit counts them.
    public let inFlight = Atomic<Int>(0)

    /// The network state requests are answered from now.
    public var network: ALTONetworkState { current.withLock { $0 } }

    /// Opens the store under `configuration.dataDir` and restores the newest topology, the
    /// data-center state and the clusters from it.
    ///
    /// The topology is, in order: `configuration.topology` when set (stored as a new
    /// version if it differs from the newest stored one); else the newest stored version;
    /// else the bundled metro-edge topology (stored as version 1).
    public static func open(
        configuration: ServerConfiguration, logger: Logger = Logger(label: "altoplace"),
        engine: AllPairsEngine = AllPairsEngine()
    ) async throws -> ALTOServer {
        let store = try ALTOStore(directory: configuration.dataDir)
        let stored = try await store.latestTopology()
        var topology: Topology
        var source: String
        var version: Int64 = 0
        if let path = configuration.topology {
            topology = try Topology.load(contentsOf: path)
            source = path
        } else if let stored {
            topology = try Topology.parseJSON(Array(stored.document.utf8), source: "stored topology v\(stored.version)")
            source = "store"
            version = stored.version
        } else {
            topology = try Topology.parseJSON(Array(BundledTopology.json.utf8), source: BundledTopology.name)
            source = BundledTopology.name
        }
        var state = try ALTONetworkState(
            topology: topology, version: version, defaultNode: configuration.defaultNode, engine: engine)
        let document = topology.jsonString()
        if version == 0 {
            if let stored, stored.document == document {
                version = stored.version
            } else {
                version = try await store.saveTopology(document: document, source: source) { _ in }
            }
            state = state.withVersion(version)
        }
        let hub = DCInfoHub(events: try await store.latestDCInfo())
        let server = ALTOServer(
            configuration: configuration, store: store, hub: hub, state: state, logger: logger, engine: engine)
        server.metrics.recomputed(seconds: state.computeSeconds)
        logger.info(
            "topology ready",
            metadata: [
                "version": "\(version)", "source": "\(source)", "nodes": "\(topology.nodes.count)",
                "links": "\(topology.links.count)", "seconds": "\(state.computeSeconds)",
            ])
        return server
    }

    init(
        configuration: ServerConfiguration, store: ALTOStore, hub: DCInfoHub, state: ALTONetworkState,
        logger: Logger, engine: AllPairsEngine
    ) {
        self.configuration = configuration
        self.store = store
        self.hub = hub
        self.metrics = ServerMetrics()
        self.logger = logger
        self.solverPool = SolverThreadPool(threads: configuration.solverThreads)
        self.engine = engine
        self.current = Mutex(state)
    }

    /// Replaces the topology: computes the new state off the request path, stores it, and
    /// makes it current, in the order versions are stored. Readers see the old state or
    /// the new one, never a mix.
    /// - Returns: the new state.
    public func replaceTopology(_ topology: Topology, source: String) async throws -> ALTONetworkState {
        let configuration = configuration
        let engine = engine
        let computed = try await Task.detached(priority: .userInitiated) {
            try ALTONetworkState(topology: topology, version: 0, defaultNode: configuration.defaultNode, engine: engine)
        }.value
        let document = topology.jsonString()
        let installed = Mutex<ALTONetworkState?>(nil)
        _ = try await store.saveTopology(document: document, source: source) { version in
            let state = computed.withVersion(version)
            self.current.withLock { $0 = state }
            installed.withLock { $0 = state }
        }
        let state = installed.withLock { $0! }
        metrics.recomputed(seconds: state.computeSeconds)
        logger.info(
            "topology replaced",
            metadata: [
                "version": "\(state.version)", "nodes": "\(topology.nodes.count)", "links": "\(topology.links.count)",
                "seconds": "\(state.computeSeconds)", "vtag": "\(state.tag)",
            ])
        return state
    }
}
