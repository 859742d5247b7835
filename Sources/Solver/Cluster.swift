/// A cluster functions can be placed on (JSON names are the public contract).
public struct Cluster: Sendable, Hashable, Codable {
    /// Unique id.
    public var id: String
    /// Total capacity: cores, GiB, watts. A resource left out is not limited.
    public var capacity: Resources
    /// Already in use before this placement (same units); absent means none.
    public var usage: Resources?
    /// Marginal watts per busy core.
    public var wattsPerCpu: Double?
    /// Price per core (objective units per core).
    public var pricePerCpu: Double?
    /// Labels matched by functions' `requireLabels` and `avoidLabels`.
    public var labels: [String: String]?
    /// The cluster's network location: a PID of the network (a node id of the topology).
    public var pid: String?
    /// Carbon intensity of its power, gCO2/kWh (from its data center's
    /// `carbonintensity`), priced by ``ObjectiveWeights/carbon``.
    public var carbonIntensity: Double?

    public init(
        id: String, capacity: Resources, usage: Resources? = nil, wattsPerCpu: Double? = nil,
        pricePerCpu: Double? = nil, labels: [String: String]? = nil, pid: String? = nil,
        carbonIntensity: Double? = nil
    ) {
        self.carbonIntensity = carbonIntensity
        self.id = id
        self.capacity = capacity
        self.usage = usage
        self.wattsPerCpu = wattsPerCpu
        self.pricePerCpu = pricePerCpu
        self.labels = labels
        self.pid = pid
    }
}
