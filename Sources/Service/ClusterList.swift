/// The body of `GET /clusters`: every registered cluster, by id.
public struct ClusterList: Sendable, Hashable, Codable {
    public var clusters: [ClusterDocument]

    public init(clusters: [ClusterDocument]) { self.clusters = clusters }
}
