/// A batch placement request (JSON names are the public contract).
public struct PlacementRequest: Sendable, Hashable, Codable {
    public var clusters: [Cluster]
    public var functions: [PlacementFunction]
    public var objective: ObjectiveWeights?
    public var options: SolveOptions?
    public var network: NetworkSpec?

    public init(
        clusters: [Cluster], functions: [PlacementFunction], objective: ObjectiveWeights? = nil,
        options: SolveOptions? = nil, network: NetworkSpec? = nil
    ) {
        self.clusters = clusters
        self.functions = functions
        self.objective = objective
        self.options = options
        self.network = network
    }
}
