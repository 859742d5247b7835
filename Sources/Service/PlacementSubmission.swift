import ALTO
import Matrix
public import Solver
import Store
import Topology

/// The body of `POST /placements`: the solver's request, where `clusters` may be left out
/// (then the registered clusters, with their latest data-center reports, are used),
/// traffic sources may be PIDs or `ipv4:`/`ipv6:` endpoints, and `network` may be left
/// out (then the server's current topology gives the latencies). `dryRun: true` solves
/// without committing.
public struct PlacementSubmission: Sendable, Hashable, Codable {
    public var clusters: [Cluster]?
    public var functions: [PlacementFunction]
    public var objective: ObjectiveWeights?
    public var options: SolveOptions?
    public var network: NetworkSpec?
    public var dryRun: Bool?
    /// What to do with registered clusters whose data center is stale (default `exclude`).
    public var staleDataCenters: StalePolicy?

    public init(
        clusters: [Cluster]? = nil, functions: [PlacementFunction], objective: ObjectiveWeights? = nil,
        options: SolveOptions? = nil, network: NetworkSpec? = nil, dryRun: Bool? = nil,
        staleDataCenters: StalePolicy? = nil
    ) {
        self.staleDataCenters = staleDataCenters
        self.clusters = clusters
        self.functions = functions
        self.objective = objective
        self.options = options
        self.network = network
        self.dryRun = dryRun
    }
}
