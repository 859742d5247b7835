public import Solver

/// The body of `POST /clusters/rank`: one function, and optionally the clusters (else the
/// registered ones), the objective weights and an inline network.
public struct RankRequest: Sendable, Hashable, Codable {
    public var function: PlacementFunction
    public var clusters: [Cluster]?
    public var objective: ObjectiveWeights?
    public var network: NetworkSpec?

    public init(
        function: PlacementFunction, clusters: [Cluster]? = nil, objective: ObjectiveWeights? = nil,
        network: NetworkSpec? = nil
    ) {
        self.function = function
        self.clusters = clusters
        self.objective = objective
        self.network = network
    }
}
