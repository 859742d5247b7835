public import Solver

/// The body of `PUT /clusters/{id}`: `capacity` and `usage` in cores, GiB and W (each
/// ≥ 0), `wattsPerCpu` and `pricePerCpu` (≥ 0), `labels`, the network location as `addr`
/// (an IP address, located by longest-prefix match) or `pid` (a PID of the network map),
/// not both, and `dcinfoSource`, the base URL of the data center's agent
/// (`http://host:port`), which the server then follows. `capacity` is required without a
/// `dcinfoSource`; with one, the members it leaves out come from the agent's reported
/// capacity. An `id`, if given, must equal the path's.
public struct ClusterRegistration: Sendable, Hashable, Codable {
    public var id: String?
    public var capacity: Resources?
    public var usage: Resources?
    public var wattsPerCpu: Double?
    public var pricePerCpu: Double?
    public var labels: [String: String]?
    public var addr: String?
    public var pid: String?
    public var dcinfoSource: String?

    public init(
        id: String? = nil, capacity: Resources?, usage: Resources? = nil, wattsPerCpu: Double? = nil,
        pricePerCpu: Double? = nil, labels: [String: String]? = nil, addr: String? = nil, pid: String? = nil,
        dcinfoSource: String? = nil
    ) {
        self.dcinfoSource = dcinfoSource
        self.id = id
        self.capacity = capacity
        self.usage = usage
        self.wattsPerCpu = wattsPerCpu
        self.pricePerCpu = pricePerCpu
        self.labels = labels
        self.addr = addr
        self.pid = pid
    }
}
