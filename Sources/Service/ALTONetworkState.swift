public import ALTO
public import Matrix
public import NIOCore
public import Solver
import Store
import Synchronization
public import Topology

/// Everything the ALTO resources publish about one topology version: the network map,
/// the all-pairs cost matrices and the encoded documents, built once per topology and
/// then read concurrently by every request. Immutable but for a cache of rendered cost
/// maps (each rendered on first request, then served as the same bytes).
public final class ALTONetworkState: Sendable {
    /// The topology version in the store (1, 2, …), 0 when not stored.
    public let version: Int64
    public let topology: Topology
    public let resolved: ResolvedTopology
    public let networkMap: NetworkMap
    /// The network map's vtag: a hash of its PIDs, prefixes and the resolved arcs, so it
    /// changes with any topology change, and every dependent cost map with it.
    public let tag: String
    /// One-way delay (ms) and hop count between every pair of PIDs.
    public let routingcost: CostMatrix
    public let hopcount: CostMatrix
    /// The full network map document.
    public let networkMapBody: CachedDocument
    /// One-way delays between PIDs for the solver (ms; unreachable pairs infinite).
    public let latencyTable: LatencyTable
    /// Seconds spent computing the matrices.
    public let computeSeconds: Double
    private let costMaps: Mutex<[ALTOCostType: Rendering]>

    /// A full cost map: rendered, or being rendered by the first request that asked.
    private enum Rendering {
        case done(CachedDocument)
        case running(Task<CachedDocument, any Error>)
    }

    /// The resource id of the network map.
    public static let networkMapID = "default-network-map"

    /// Builds the state of `topology`.
    /// - Throws: ``TopologyError`` when the topology does not resolve, ``NetworkMapError``
    ///   when its prefixes break the network-map rules.
    /// - Complexity: two all-pairs computations (see ``AllPairsEngine``).
    public init(
        topology: Topology, version: Int64, defaultNode: String? = nil, options: ResolutionOptions = .init(),
        engine: AllPairsEngine = AllPairsEngine()
    ) throws {
        let resolved = try topology.resolved(options)
        let map = try NetworkMap(topology: topology, defaultNode: defaultNode)
        let start = ContinuousClock.now
        let routing = engine.costs(try resolved.graph(for: .routingcost))
        let hops = engine.costs(try resolved.graph(for: .hopcount))
        let elapsed = ContinuousClock.now - start
        let tag = map.versionTag(over: resolved)
        self.version = version
        self.topology = topology
        self.resolved = resolved
        self.networkMap = map
        self.tag = tag
        self.routingcost = routing
        self.hopcount = hops
        self.latencyTable = LatencyTable(matrix: routing, pids: map.pids)
        self.computeSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        self.networkMapBody = CachedDocument(
            "{\"meta\":{\"vtag\":{\"resource-id\":\"\(Self.networkMapID)\",\"tag\":\"\(tag)\"}},\"network-map\":"
                + map.json() + "}\n")
        self.costMaps = Mutex([:])
    }

    private init(copying other: ALTONetworkState, version: Int64) {
        self.version = version
        self.topology = other.topology
        self.resolved = other.resolved
        self.networkMap = other.networkMap
        self.tag = other.tag
        self.routingcost = other.routingcost
        self.hopcount = other.hopcount
        self.latencyTable = other.latencyTable
        self.networkMapBody = other.networkMapBody
        self.computeSeconds = other.computeSeconds
        self.costMaps = Mutex([:])
    }

    /// The same state under another store version.
    public func withVersion(_ version: Int64) -> ALTONetworkState { ALTONetworkState(copying: self, version: version) }

    /// The network map's version tag.
    public var vtag: VersionTag { VersionTag(resourceID: Self.networkMapID, tag: tag) }

    /// `{"resource-id":…,"tag":…}` of the network map.
    public var vtagJSON: String { "{\"resource-id\":\"\(Self.networkMapID)\",\"tag\":\"\(tag)\"}" }

    /// The strong ETag of a resource derived from this version (`"<tag>-<resource>"`).
    public func etag(_ resource: String) -> String { "\"\(tag)-\(resource)\"" }

    public func matrix(_ type: ALTOCostType) -> CostMatrix { type.metric == .hopcount ? hopcount : routingcost }

    public func renderer(_ type: ALTOCostType) -> CostMapRenderer {
        CostMapRenderer(matrix: matrix(type), pids: networkMap.pids)
    }

    /// A cost map document for `sources` × `destinations` (all PIDs for the full map),
    /// written straight into one buffer.
    /// - Throws: `CancellationError` when `cancellable` and the calling task is cancelled
    ///   while it renders.
    public func costMapDocument(
        _ type: ALTOCostType, sources: [Int]? = nil, destinations: [Int]? = nil, constraints: [CostConstraint] = [],
        cancellable: Bool = true
    ) throws(CancellationError) -> ByteBuffer {
        let all = Array(networkMap.pids.indices)
        var out = ByteBuffer(
            string: "{\"meta\":{\"dependent-vtags\":[\(vtagJSON)],\"cost-type\":\(type.json)},\"cost-map\":")
        try renderer(type).write(
            into: &out, sources: sources ?? all, destinations: destinations ?? all, mode: type.mode,
            constraints: constraints, cancellable: cancellable)
        out.writeString("}\n")
        return out
    }

    /// The whole cost map document of `type`, not cancellable (so it cannot throw).
    func fullCostMapDocument(_ type: ALTOCostType) -> ByteBuffer {
        (try? costMapDocument(type, cancellable: false)) ?? ByteBuffer()
    }

    /// The full cost map of `type`, rendered (and compressed) once and cached. The first
    /// caller renders it through `run` (which puts the work on a thread of its choosing);
    /// callers that come while it renders wait for that rendering instead of starting
    /// their own; later callers get the cached bytes without waiting.
    public func fullCostMap(
        _ type: ALTOCostType,
        run: @escaping @Sendable (@escaping @Sendable () -> CachedDocument) async throws -> CachedDocument
    ) async throws -> CachedDocument {
        let found = costMaps.withLock { maps -> Rendering in
            if let found = maps[type] { return found }
            let task = Task {
                try await run {
                    // Not cancellable: it runs once for every request that waits on it.
                    CachedDocument(self.fullCostMapDocument(type))
                }
            }
            maps[type] = .running(task)
            return .running(task)
        }
        let task: Task<CachedDocument, any Error>
        switch found {
        case .done(let document): return document
        case .running(let running): task = running
        }
        do {
            let document = try await task.value
            costMaps.withLock { $0[type] = .done(document) }
            return document
        } catch {
            costMaps.withLock { maps in
                if case .running? = maps[type] { maps[type] = nil }  // a later request tries again
            }
            throw error
        }
    }

}
