public import Matrix

/// An all-pairs matrix with the names and version facts needed to publish it as an
/// ALTO cost map (RFC 7285 §11.2.3) or as CSV.
public struct CostMapDocument: Sendable {
    /// The node ids of the topology, in matrix order.
    public var nodeIDs: [String]
    /// One PID per node (see ``PIDNaming``), in matrix order.
    public var pids: [String]
    /// The all-pairs values.
    public var matrix: CostMatrix
    /// What the values measure.
    public var metric: CostMetric
    /// Numerical or ordinal.
    public var mode: CostMode
    /// The resource id of the network map the PIDs belong to.
    public var networkMapID: String
    /// The network map's version tag (see ``networkMapTag(pids:topology:)``).
    public var networkMapTag: String

    public init(
        nodeIDs: [String], matrix: CostMatrix, metric: CostMetric, mode: CostMode = .numerical,
        networkMapID: String = "default-network-map", networkMapTag: String
    ) {
        precondition(nodeIDs.count == matrix.count)
        self.nodeIDs = nodeIDs
        self.pids = PIDNaming.names(for: nodeIDs)
        self.matrix = matrix
        self.metric = metric
        self.mode = mode
        self.networkMapID = networkMapID
        self.networkMapTag = networkMapTag
    }

    /// A version tag for the network map of a topology: a content hash of its PIDs
    /// and its resolved arcs, so any change to either gives a new tag.
    public static func networkMapTag(pids: [String], topology: ResolvedTopology) -> String {
        var hash = ContentHash()
        for pid in pids { hash.update(pid) }
        for arc in topology.arcs {
            hash.update(Float(arc.source))
            hash.update(Float(arc.target))
            hash.update(arc.delay)
            hash.update(arc.bandwidth ?? -1)
        }
        return hash.hex
    }

    /// The ALTO `cost-metric` name: `routingcost` and `hopcount` as in RFC 7285 and
    /// RFC 9439; the widest-path bottleneck capacity is published as `bw-available`
    /// (RFC 9439 §5.3) in Mbit/s: with no utilisation data, a path's capacity is the
    /// bandwidth available on it.
    public var altoMetricName: String {
        switch metric {
        case .routingcost: "routingcost"
        case .hopcount: "hopcount"
        case .bandwidth: "bw-available"
        }
    }

    /// Whether the pair appears in output: reachable pairs only (RFC 7285 lets a
    /// cost map omit pairs with no defined cost), and no self-pairs for bandwidth
    /// (a node to itself has no bottleneck, so no finite value).
    func isPublished(_ i: Int, _ j: Int) -> Bool {
        matrix.isReachable(i, j) && !(i == j && matrix.algebra == .widest)
    }

    /// The value published for row `i`: the costs, or their ordinal ranks.
    func publishedRow(_ i: Int) -> [Float] {
        let row = matrix.row(i)
        guard mode == .ordinal else { return row }
        let distinct = Set((0..<row.count).filter { isPublished(i, $0) }.map { row[$0] })
        let ascending = matrix.algebra == .shortest
        let order = distinct.sorted { ascending ? $0 < $1 : $0 > $1 }
        var rank: [Float: Float] = [:]
        for (k, v) in order.enumerated() { rank[v] = Float(k + 1) }
        return row.map { rank[$0] ?? 0 }
    }

    /// The RFC 7285 cost map (media type `application/alto-costmap+json`), keys in a
    /// fixed order and rows in PID order, so equal maps give equal bytes.
    /// - Complexity: O(n²) output.
    public func altoJSON() -> String {
        var out = "{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"\(networkMapID)\",\"tag\":\"\(networkMapTag)\"}],"
        out +=
            "\"cost-type\":{\"cost-mode\":\"\(mode.rawValue)\",\"cost-metric\":\"\(altoMetricName)\"}},\"cost-map\":{"
        out.reserveCapacity(matrix.count * matrix.count * 16)
        for i in 0..<matrix.count {
            if i > 0 { out += "," }
            out += "\"\(pids[i])\":{"
            let row = publishedRow(i)
            var first = true
            for j in 0..<matrix.count where isPublished(i, j) {
                if !first { out += "," }
                first = false
                out += "\"\(pids[j])\":"
                out += Self.number(row[j])
            }
            out += "}"
        }
        out += "}}\n"
        return out
    }

    /// `source,target,cost` rows with the input's own node ids (quoted when they hold
    /// a comma, quote or line break), one row per published pair; header first.
    public func csv() -> String {
        var out = "source,target,cost\n"
        let ids = nodeIDs.map(Self.csvField)
        for i in 0..<matrix.count {
            let row = publishedRow(i)
            for j in 0..<matrix.count where isPublished(i, j) {
                out += ids[i] + "," + ids[j] + "," + Self.number(row[j]) + "\n"
            }
        }
        return out
    }

    /// Shortest round-trip text of a value; whole numbers without a fraction.
    static func number(_ v: Float) -> String {
        if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        return "\(v)"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
