/// Weights of the objective's terms; an absent weight is 1, but `carbon`'s is 0.
///
/// objective = network · Σ traffic × latency + price · Σ pricePerCpu × cpu
///           + energy · Σ wattsPerCpu × cpu
///           + carbon · Σ wattsPerCpu × cpu × carbonIntensity / 1000
///           + migration · Σ migrationCost (moved) + Σ costByCluster.
///
/// The carbon term is grams of CO2 per hour of the added power (W × gCO2/kWh / 1000);
/// it is reported within the `energy` term of breakdowns.
public struct ObjectiveWeights: Sendable, Hashable, Codable {
    public var network: Double?
    public var price: Double?
    public var energy: Double?
    public var migration: Double?
    public var carbon: Double?

    public init(
        network: Double? = nil, price: Double? = nil, energy: Double? = nil, migration: Double? = nil,
        carbon: Double? = nil
    ) {
        self.carbon = carbon
        self.network = network
        self.price = price
        self.energy = energy
        self.migration = migration
    }
}
