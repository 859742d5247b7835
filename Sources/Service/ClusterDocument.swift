public import Solver

/// A registered cluster as `GET /clusters/{id}` answers it: the solver's ``Cluster`` (its
/// `pid` located on the current network map) and, when it was registered by address,
/// `addr`.
public struct ClusterDocument: Sendable, Hashable, Codable {
    public var cluster: Cluster
    /// The address it was registered by (its PID follows the topology), or `nil`.
    public var addr: String?
    /// The data center agent followed for this cluster's reports, or `nil`.
    public var dcinfoSource: String?

    public init(cluster: Cluster, addr: String? = nil, dcinfoSource: String? = nil) {
        self.cluster = cluster
        self.addr = addr
        self.dcinfoSource = dcinfoSource
    }

    private enum CodingKeys: String, CodingKey { case addr, dcinfoSource }

    public init(from decoder: any Decoder) throws {
        cluster = try Cluster(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        addr = try container.decodeIfPresent(String.self, forKey: .addr)
        dcinfoSource = try container.decodeIfPresent(String.self, forKey: .dcinfoSource)
    }

    public func encode(to encoder: any Encoder) throws {
        try cluster.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(addr, forKey: .addr)
        try container.encodeIfPresent(dcinfoSource, forKey: .dcinfoSource)
    }
}
