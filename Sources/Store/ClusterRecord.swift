public import ALTO
import Foundation
import Matrix
public import Solver
import Topology

/// A cluster registered with `PUT /clusters/{id}`: the solver's ``Cluster`` plus, when
/// it was registered by address, the `addr` whose PID (by longest-prefix match on the
/// current network map) is its network location.
public struct ClusterRecord: Sendable, Hashable {
    public var cluster: Cluster
    public var addr: IPAddress?
    /// The base URL of the data center's agent the server follows, or `nil`.
    public var dcinfoSource: String?

    public init(cluster: Cluster, addr: IPAddress? = nil, dcinfoSource: String? = nil) {
        self.cluster = cluster
        self.addr = addr
        self.dcinfoSource = dcinfoSource
    }

    /// The cluster with its PID looked up again in `networkMap` when it was registered by
    /// address (the topology may have changed since).
    public func located(in networkMap: NetworkMap) -> Cluster {
        var located = cluster
        if let addr { located.pid = networkMap.pidIndex(of: addr).map { networkMap.pids[$0] } }
        return located
    }
}

extension ClusterRecord {
    /// A record read back from the store, without checking it against a network map.
    public static func restore(from text: String) throws -> ClusterRecord {
        let data = Data(text.utf8)
        let cluster = try JSONDecoder().decode(Cluster.self, from: data)
        struct Extra: Decodable {
            var addr: String?
            var dcinfoSource: String?
        }
        let extra = try JSONDecoder().decode(Extra.self, from: data)
        return ClusterRecord(
            cluster: cluster, addr: extra.addr.flatMap { IPAddress(plain: $0) }, dcinfoSource: extra.dcinfoSource)
    }
}
