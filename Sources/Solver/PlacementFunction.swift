/// A function to place (JSON names are the public contract).
public struct PlacementFunction: Sendable, Hashable, Codable {
    /// Unique id.
    public var id: String
    /// Cores and GiB it needs on a cluster.
    public var demand: FunctionDemand
    /// Per cluster id, a different demand (e.g. fewer cores on an accelerator site);
    /// keys it leaves out fall back to `demand`.
    public var demandByCluster: [String: FunctionDemand]?
    /// Per cluster id, an extra cost of running there (licences, egress fees).
    public var costByCluster: [String: Double]?
    /// Where its users are and how much they send.
    public var traffic: [TrafficSource]?
    /// Largest allowed latency (ms) from every traffic source to its cluster.
    public var maxLatency: Double?
    /// Labels a cluster must have (every key with the same value).
    public var requireLabels: [String: String]?
    /// Labels a cluster must not have (any matching key and value excludes it).
    public var avoidLabels: [String: String]?
    /// Functions that must not share its cluster.
    public var antiAffinity: [String]?
    /// Functions that must share its cluster.
    public var colocate: [String]?
    /// The cluster it runs on now, if any.
    public var current: String?
    /// Cost of moving it away from `current`.
    public var migrationCost: Double?
    /// Weight when not everything fits (`allowPartial`): higher is placed first; default 1.
    public var priority: Double?

    public init(
        id: String, demand: FunctionDemand, demandByCluster: [String: FunctionDemand]? = nil,
        costByCluster: [String: Double]? = nil, traffic: [TrafficSource]? = nil, maxLatency: Double? = nil,
        requireLabels: [String: String]? = nil, avoidLabels: [String: String]? = nil, antiAffinity: [String]? = nil,
        colocate: [String]? = nil, current: String? = nil, migrationCost: Double? = nil, priority: Double? = nil
    ) {
        self.id = id
        self.demand = demand
        self.demandByCluster = demandByCluster
        self.costByCluster = costByCluster
        self.traffic = traffic
        self.maxLatency = maxLatency
        self.requireLabels = requireLabels
        self.avoidLabels = avoidLabels
        self.antiAffinity = antiAffinity
        self.colocate = colocate
        self.current = current
        self.migrationCost = migrationCost
        self.priority = priority
    }
}
