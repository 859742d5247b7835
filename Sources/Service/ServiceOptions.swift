public import Delivery

/// What the service needs to open: where its store lives, which topology to start with,
/// and how many threads solve.
public struct ServiceOptions: Sendable, Hashable {
    /// The directory of the SQLite store.
    public var dataDir: String
    /// A topology file to serve (stored as a new version if it differs from the newest
    /// stored one); `nil` serves the stored one, else the bundled metro-edge topology.
    public var topology: String?
    /// The node whose PID takes addresses outside every node's prefixes (default: the
    /// first node).
    public var defaultNode: String?
    /// Dedicated threads for placement solves.
    public var solverThreads: Int
    /// Most threads one placement solve may hold (nil: all of ``solverThreads``). Only
    /// models of at least ``AltoplaceService/parallelCells`` unit–cluster cells ask for
    /// more than one; the pool counts what each solve holds, so concurrent solves never
    /// use more than ``solverThreads`` threads together.
    public var threadsPerSolve: Int? = nil
    /// Threads for other blocking work: all-pairs recomputation on a topology change and
    /// the first rendering of a large map.
    public var blockingThreads: Int
    /// Size limits and history retention.
    public var limits: ServiceLimits
    /// Seconds after its last report at which a data center is stale: shown as `stale`,
    /// and left out of placements and rankings unless a request says otherwise.
    public var staleAfter: Double
    /// Whether to follow the registered clusters' `dcinfoSource` agents (an agent, which
    /// registers no clusters, does not).
    public var followSources = true
    /// Seconds between pulls from a followed agent that does not stream.
    public var followPollInterval = 5.0
    /// Namespaces of the placement decisions altoplace renders and of the ClusterProfiles
    /// they name.
    public var decisionNamespaces = DecisionRenderer.Namespaces()
    /// Seconds before a failed delivery action is handed out again the first time; each
    /// further failure doubles it, up to ``retryMax``.
    public var retryBase = 1.0
    /// The longest wait between attempts of a failed delivery action, seconds.
    public var retryMax = 60.0

    public init(
        dataDir: String, topology: String? = nil, defaultNode: String? = nil, solverThreads: Int = 1,
        blockingThreads: Int = 1, limits: ServiceLimits = ServiceLimits(), staleAfter: Double = 30,
        followSources: Bool = true, followPollInterval: Double = 5
    ) {
        self.followPollInterval = followPollInterval
        self.followSources = followSources
        self.staleAfter = staleAfter
        self.limits = limits
        self.dataDir = dataDir
        self.topology = topology
        self.defaultNode = defaultNode
        self.solverThreads = solverThreads
        self.blockingThreads = blockingThreads
    }
}
