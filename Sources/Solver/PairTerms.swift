/// The weighted objective terms of one unit on one cluster (objective units).
struct PairTerms: Sendable, Hashable {
    var network = 0.0
    var price = 0.0
    var energy = 0.0
    var migration = 0.0
    var extra = 0.0

    /// Their sum, in the order the compile adds them.
    var total: Double { network + price + energy + migration + extra }
}
