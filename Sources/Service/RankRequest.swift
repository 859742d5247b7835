public import Solver

/// The body of `POST /clusters/rank`: one function, and optionally the clusters (else the
/// registered ones), the objective weights and an inline network.
public struct RankRequest: Sendable, Hashable, Codable {
    public var function: PlacementFunction
    public var clusters: [Cluster]?
    public var objective: ObjectiveWeights?
    public var network: NetworkSpec?
    /// What to do with registered clusters whose data center is stale (default `exclude`).
    public var staleDataCenters: StalePolicy?

    public init(
        function: PlacementFunction, clusters: [Cluster]? = nil, objective: ObjectiveWeights? = nil,
        network: NetworkSpec? = nil, staleDataCenters: StalePolicy? = nil
    ) {
        self.staleDataCenters = staleDataCenters
        self.function = function
        self.clusters = clusters
        self.objective = objective
        self.network = network
    }
}
