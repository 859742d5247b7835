public import Solver

/// A registered cluster as `GET /clusters/{id}` answers it: the solver's ``Cluster`` (its
/// `pid` located on the current network map) and, when it was registered by address,
/// `addr`.
public struct ClusterDocument: Sendable, Hashable, Codable {
    public var cluster: Cluster
    /// The address it was registered by (its PID follows the topology), or `nil`.
    public var addr: String?

    public init(cluster: Cluster, addr: String? = nil) {
        self.cluster = cluster
        self.addr = addr
    }

    private enum CodingKeys: String, CodingKey { case addr }

    public init(from decoder: any Decoder) throws {
        cluster = try Cluster(from: decoder)
        addr = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .addr)
    }

    public func encode(to encoder: any Encoder) throws {
        try cluster.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(addr, forKey: .addr)
    }
}
