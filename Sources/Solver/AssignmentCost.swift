/// What one function costs on the cluster it is placed on, term by term, weighted as
/// the objective weighs them, and the worst latency from its traffic sources: the
/// reason a delivery decision gives.
public struct AssignmentCost: Sendable, Hashable, Codable {
    /// Weighted Σ rate × latency (rate units × ms).
    public var network: Double
    /// Weighted price per core × cores.
    public var price: Double
    /// Weighted W (and carbon: W × gCO2/kWh / 1000).
    public var energy: Double
    /// Weighted migration cost, when it moves away from `current`.
    public var migration: Double
    /// `costByCluster` for this cluster.
    public var extra: Double
    /// The sum of the terms.
    public var total: Double
    /// The largest latency (ms) from a traffic source to the cluster; `nil` without traffic.
    public var worstLatency: Double?

    /// The cost of `function` on `cluster` under `weights`, with latencies from `latency`.
    /// - Complexity: O(traffic sources).
    public init(_ function: PlacementFunction, on cluster: Cluster, weights: ObjectiveWeights?, latency: LatencyTable?)
    {
        let w = weights ?? ObjectiveWeights()
        let cpu = function.demandByCluster?[cluster.id]?.cpu ?? function.demand.cpu ?? 0
        let watts = (cluster.wattsPerCpu ?? 0) * cpu
        var network = 0.0
        var worst: Double? = nil
        for t in function.traffic ?? [] {
            guard let pid = cluster.pid, let lat = latency?.latency(t.pid, pid), lat.isFinite else { continue }
            network += t.rate * lat
            worst = max(worst ?? lat, lat)
        }
        self.network = (w.network ?? 1) * network
        price = (w.price ?? 1) * (cluster.pricePerCpu ?? 0) * cpu
        energy = (w.energy ?? 1) * watts + (w.carbon ?? 0) * watts * (cluster.carbonIntensity ?? 0) / 1000
        migration =
            function.current.map { $0 != cluster.id ? (w.migration ?? 1) * (function.migrationCost ?? 0) : 0 } ?? 0
        extra = function.costByCluster?[cluster.id] ?? 0
        total = self.network + price + energy + migration + extra
        worstLatency = worst
    }
}
