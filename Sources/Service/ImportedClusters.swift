/// The answer of `POST /clusterprofiles`: the ids of the clusters registered.
public struct ImportedClusters: Sendable, Hashable, Codable {
    public var registered: [String]

    public init(registered: [String]) { self.registered = registered }
}
