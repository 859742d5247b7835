public import Solver

/// The body of `POST /clusters/rank`: every allowed cluster, cheapest first, then the
/// excluded ones with the reason for each.
public struct Ranking: Sendable, Hashable, Codable {
    /// One allowed cluster: its rank (1 = cheapest), total cost and its terms, the worst
    /// latency (ms) from the function's traffic sources (`null` if some source cannot
    /// reach it or it has no PID), the function's demand there and what is free.
    public struct Entry: Sendable, Hashable, Codable {
        public var rank: Int
        public var cluster: String
        public var total: Double
        public var breakdown: Breakdown
        public var latency: Double?
        public var demand: Resources
        public var free: Resources

        private enum CodingKeys: String, CodingKey { case rank, cluster, total, breakdown, latency, demand, free }

        public init(
            rank: Int, cluster: String, total: Double, breakdown: Breakdown, latency: Double?, demand: Resources,
            free: Resources
        ) {
            self.rank = rank
            self.cluster = cluster
            self.total = total
            self.breakdown = breakdown
            self.latency = latency
            self.demand = demand
            self.free = free
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rank, forKey: .rank)
            try c.encode(cluster, forKey: .cluster)
            try c.encode(total, forKey: .total)
            try c.encode(breakdown, forKey: .breakdown)
            try c.encode(latency, forKey: .latency)  // `null`, not left out
            try c.encode(demand, forKey: .demand)
            try c.encode(free, forKey: .free)
        }
    }

    /// The terms of a cluster's total, in objective units.
    public struct Breakdown: Sendable, Hashable, Codable {
        public var network: Double
        public var price: Double
        public var energy: Double
        public var migration: Double
        public var extra: Double
    }

    /// A cluster the function may not run on, and why.
    public struct Exclusion: Sendable, Hashable, Codable {
        public var cluster: String
        public var reason: String
    }

    public var function: String
    public var ranking: [Entry]
    public var excluded: [Exclusion]
    /// The registered clusters' data centers (see ``DataCenterStatus``).
    public var dataCenters: [DataCenterStatus] = []
}
