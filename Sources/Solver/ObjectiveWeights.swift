/// Weights of the objective's terms; an absent weight is 1.
///
/// objective = network · Σ traffic × latency + price · Σ pricePerCpu × cpu
///           + energy · Σ wattsPerCpu × cpu + migration · Σ migrationCost (moved)
///           + Σ costByCluster.
public struct ObjectiveWeights: Sendable, Hashable, Codable {
    public var network: Double?
    public var price: Double?
    public var energy: Double?
    public var migration: Double?

    public init(network: Double? = nil, price: Double? = nil, energy: Double? = nil, migration: Double? = nil) {
        self.network = network
        self.price = price
        self.energy = energy
        self.migration = migration
    }
}
