/// One cluster as a home for one function (or colocate group): what it would cost, by
/// term, whether it is allowed, and why not. ``PlacementProblem/clusterOptions(forFunction:)``
/// lists them for ranking.
public struct ClusterOption: Sendable, Hashable, Codable {
    public var cluster: String
    public var allowed: Bool
    /// Why the cluster is excluded (labels, latency, reachability, free resources).
    public var reason: String?
    /// The weighted objective terms of placing the unit there, and their sum.
    public var total: Double
    public var network: Double
    public var price: Double
    public var energy: Double
    public var migration: Double
    public var extra: Double
    /// Free capacity before placement (cores, GiB, W); `nil` when unlimited.
    public var free: Resources
    /// What the unit would use there (cores, GiB, W).
    public var demand: Resources
}

extension PlacementProblem {
    /// Every cluster as a home for the unit holding function `id`, in cluster order.
    /// - Returns: `nil` if no function has that id.
    /// - Complexity: O(clusters).
    public func clusterOptions(forFunction id: String) -> [ClusterOption]? {
        guard let k = functionIDs.firstIndex(of: id) else { return nil }
        let u = unitOf[k]
        let nc = clusterCount
        let r = Self.resourceCount
        var reason: [Int: String] = [:]
        for (c, _, text) in pairReasons[u] where reason[c] == nil { reason[c] = text }
        return (0..<nc).map { c in
            let i = u * nc + c
            func amount(_ v: Double) -> Double? { v.isFinite ? v : nil }
            let t = terms(unit: u, cluster: c)
            return ClusterOption(
                cluster: clusterIDs[c], allowed: allowed[i], reason: allowed[i] ? nil : reason[c] ?? "not allowed",
                total: cost[i], network: t.network, price: t.price, energy: t.energy,
                migration: t.migration, extra: t.extra,
                free: Resources(cpu: amount(free[c * r]), ram: amount(free[c * r + 1]), power: amount(free[c * r + 2])),
                demand: Resources(cpu: demand(u, c, 0), ram: demand(u, c, 1), power: demand(u, c, 2)))
        }
    }
}
