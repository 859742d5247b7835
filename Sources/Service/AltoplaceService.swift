public import ALTO
public import CoreMetrics
public import Logging
public import Matrix
import NIOPosix
package import Solver
package import Store
import Synchronization
public import Topology

/// altoplace's service layer, with no HTTP in it: the current network state (swapped
/// atomically on a topology change), the durable store, the live data-center state, and
/// the placement, ranking and what-if operations, as plain async calls that throw
/// ``ServiceError`` for anything the caller got wrong.
///
/// Blocking work runs on threads of its own, never on Swift's cooperative pool: solves on
/// the solver pool; all-pairs recomputation and the first rendering of a full cost map on
/// the blocking pool. ``shutdown()`` stops both.
public final class AltoplaceService: Sendable {
    public let options: ServiceOptions
    public let logger: Logger
    package let store: ALTOStore
    let hub: DCInfoHub
    let metrics: ServiceMetrics
    package let solverPool: SolverThreadPool
    let blockingPool: NIOThreadPool
    let engine: AllPairsEngine
    let follower = DCInfoFollower()
    let deliveryHub = DeliveryHub()
    private let current: Mutex<ALTONetworkState>

    /// The largest model a request may ask for, in function × cluster pairs (the solver
    /// keeps about ten numbers per pair), and the most scenarios in one study.
    public static let maximumScenarios = 1_000

    /// The network state requests are answered from now.
    public var network: ALTONetworkState { current.withLock { $0 } }

    /// Opens the store under `options.dataDir` and restores the newest topology, the
    /// data-center state and the clusters from it.
    ///
    /// The topology is, in order: `options.topology` when set (stored as a new version if
    /// it differs from the newest stored one); else the newest stored version; else the
    /// bundled metro-edge topology (stored as version 1).
    public static func open(
        _ options: ServiceOptions, logger: Logger = Logger(label: "altoplace"),
        metrics: any MetricsFactory = MetricsSystem.factory, engine: AllPairsEngine = AllPairsEngine()
    ) async throws -> AltoplaceService {
        let store = try ALTOStore(
            directory: options.dataDir,
            retention: .init(reports: options.limits.reportHistory, topologies: options.limits.topologyHistory))
        var topology: Topology
        var source: String
        var version: Int64 = 0
        if let path = options.topology {
            topology = try Topology.load(contentsOf: path)
            source = path
            try options.limits.check(topology)
        } else if let (found, document) = try await Self.newestServable(
            in: store, limits: options.limits, logger: logger)
        {
            topology = document
            source = "store"
            version = found
        } else {
            topology = try Topology.parseJSON(Array(BundledTopology.json.utf8), source: BundledTopology.name)
            source = BundledTopology.name
        }
        let blockingPool = NIOThreadPool(numberOfThreads: max(1, options.blockingThreads))
        blockingPool.start()
        let initial = topology
        let initialVersion = version
        var state: ALTONetworkState
        do {
            state = try await blockingPool.runIfActive {
                try ALTONetworkState(
                    topology: initial, version: initialVersion, defaultNode: options.defaultNode, engine: engine)
            }
        } catch {
            try? await blockingPool.shutdownGracefully()
            throw error
        }
        let document = topology.jsonString()
        if version == 0 {
            let stored = try await store.latestTopology()
            if let stored, stored.document == document {
                version = stored.version
            } else {
                version = try await store.saveTopology(document: document, source: source) { _ in }
            }
            state = state.withVersion(version)
        }
        let hub = DCInfoHub(events: try await store.latestDCInfo())
        let service = AltoplaceService(
            options: options, store: store, hub: hub, state: state, logger: logger,
            metrics: ServiceMetrics(factory: metrics),
            blockingPool: blockingPool, engine: engine)
        service.metrics.recomputed(seconds: state.computeSeconds)
        if options.followSources { try await service.syncFollowing() }
        logger.info(
            "topology ready",
            metadata: [
                "version": "\(version)", "source": "\(source)", "nodes": "\(topology.nodes.count)",
                "links": "\(topology.links.count)", "seconds": "\(state.computeSeconds)",
            ])
        return service
    }

    /// The newest stored topology version that parses and fits `limits`. A version the
    /// limits refuse (they may have been lowered since it was stored) is skipped with an
    /// error logged, never loaded: start-up must not run out of memory on it.
    static func newestServable(in store: ALTOStore, limits: ServiceLimits, logger: Logger) async throws -> (
        Int64, Topology
    )? {
        for version in try await store.topologyVersions() {
            guard let document = try await store.topology(version: version) else { continue }
            do {
                let topology = try Topology.parseJSON(Array(document.utf8), source: "stored topology v\(version)")
                try limits.check(topology)
                return (version, topology)
            } catch {
                logger.error(
                    "stored topology skipped", metadata: ["version": "\(version)", "reason": "\(error)"])
            }
        }
        return nil
    }

    private init(
        options: ServiceOptions, store: ALTOStore, hub: DCInfoHub, state: ALTONetworkState, logger: Logger,
        metrics: ServiceMetrics, blockingPool: NIOThreadPool, engine: AllPairsEngine
    ) {
        self.options = options
        self.store = store
        self.hub = hub
        self.metrics = metrics
        self.logger = logger
        self.solverPool = SolverThreadPool(threads: options.solverThreads)
        self.blockingPool = blockingPool
        self.engine = engine
        self.current = Mutex(state)
    }

    /// Stops the solver threads (after the solves already queued) and the blocking pool.
    /// Calls made afterwards that need either fail.
    public func shutdown() async {
        follower.stop()
        deliveryHub.finishAll()
        await solverPool.shutdownGracefully()
        try? await blockingPool.shutdownGracefully()
    }

    /// Liveness and what is served.
    public var health: Health {
        let state = network
        return Health(
            status: "ok", topologyVersion: state.version, pids: state.networkMap.pids.count,
            dataCenters: hub.dataCenterCount)
    }

    /// Push (server-sent events) subscribers connected now.
    public var subscriberCount: Int { hub.subscriberCount }

    /// The full cost map of `type` in `state`, rendered and compressed once per state on
    /// the blocking pool; concurrent first requests wait for the one rendering.
    public func fullCostMap(_ type: ALTOCostType, in state: ALTONetworkState) async throws -> CachedDocument {
        let pool = blockingPool
        return try await state.fullCostMap(type) { render in try await pool.runIfActive { render() } }
    }

    /// Replaces the topology: computes the new state on the blocking pool, stores it, and
    /// makes it current, in the order versions are stored. Readers see the old state or
    /// the new one, never a mix.
    /// - Throws: ``ServiceError``: `.tooLarge` over ``ServiceLimits/maxTopologyNodes`` or
    ///   the memory budget (checked before any matrix is allocated); `.invalid` when the
    ///   topology does not resolve or its prefixes break the network-map rules.
    public func replaceTopology(_ topology: Topology, source: String) async throws -> TopologyChange {
        try options.limits.check(topology)
        let defaultNode = options.defaultNode
        let engine = engine
        let computed: ALTONetworkState
        do {
            computed = try await blockingPool.runIfActive {
                try ALTONetworkState(topology: topology, version: 0, defaultNode: defaultNode, engine: engine)
            }
        } catch let error as NetworkMapError {
            throw ServiceError.invalid([Problem(path: ".nodes", "\(error)")])
        } catch let error as TopologyError {
            throw ServiceError.invalid([Problem("\(error)")])
        }
        let installed = Mutex<ALTONetworkState?>(nil)
        _ = try await store.saveTopology(document: topology.jsonString(), source: source) { version in
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
        return TopologyChange(
            version: state.version, vtag: state.vtag, nodes: topology.nodes.count, links: topology.links.count,
            computeSeconds: state.computeSeconds, warnings: state.resolved.warnings.map { "\($0)" })
    }
}
