public import Matrix
import Topology

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

    /// The renderer for this matrix and these PIDs.
    var renderer: CostMapRenderer { CostMapRenderer(matrix: matrix, pids: pids) }

    /// The RFC 7285 cost map (media type `application/alto-costmap+json`), keys in a
    /// fixed order and rows in PID order, so equal maps give equal bytes. Ordinal ranks
    /// run over the whole map (RFC 7285 §6.2; see ``CostMapRenderer``).
    /// - Complexity: O(n²) output.
    public func altoJSON() -> String {
        var out = "{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"\(networkMapID)\",\"tag\":\"\(networkMapTag)\"}],"
        out +=
            "\"cost-type\":{\"cost-mode\":\"\(mode.rawValue)\",\"cost-metric\":\"\(altoMetricName)\"}},\"cost-map\":"
        let all = Array(0..<matrix.count)
        out += renderer.json(sources: all, destinations: all, mode: mode)
        out += "}\n"
        return out
    }

    /// `source,target,cost` rows with the input's own node ids (quoted when they hold
    /// a comma, quote or line break), one row per published pair; header first.
    public func csv() -> String {
        var out = "source,target,cost\n"
        let ids = nodeIDs.map(Self.csvField)
        let renderer = self.renderer
        let all = Array(0..<matrix.count)
        let rank = mode == .ordinal ? renderer.ranks(sources: all, destinations: all) : [:]
        for i in all {
            for j in all where renderer.isPublished(i, j) {
                let value =
                    mode == .ordinal ? Float(rank[CostMapRenderer.rounded(Double(matrix[i, j]))]!) : matrix[i, j]
                out += ids[i] + "," + ids[j] + "," + Self.number(value) + "\n"
            }
        }
        return out
    }

    /// Shortest round-trip text of a value; whole numbers without a fraction.
    static func number(_ v: Float) -> String { CostMapRenderer.number(Double(v)) }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
