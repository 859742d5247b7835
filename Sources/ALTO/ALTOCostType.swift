public import Matrix
import Topology

/// A cost type the server publishes (RFC 7285 §10.7): a metric and a mode.
///
/// Metrics: `routingcost` is the one-way delay in ms along the lowest-delay path;
/// `hopcount` the number of links on the path with fewest links.
public struct ALTOCostType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    public var metric: CostMetric
    public var mode: CostMode

    public init(metric: CostMetric, mode: CostMode) {
        self.metric = metric
        self.mode = mode
    }

    /// The four the server offers: routingcost and hopcount, numerical and ordinal.
    public static let allCases: [ALTOCostType] = [
        .init(metric: .routingcost, mode: .numerical), .init(metric: .routingcost, mode: .ordinal),
        .init(metric: .hopcount, mode: .numerical), .init(metric: .hopcount, mode: .ordinal),
    ]

    /// The `cost-metric` string.
    public var metricName: String { metric == .hopcount ? "hopcount" : "routingcost" }

    /// The name in the directory's `meta.cost-types` (`num-routingcost`, `ord-hopcount`).
    public var name: String { (mode == .numerical ? "num-" : "ord-") + metricName }

    /// The resource id of its full cost map (`costmap-routingcost-numerical`).
    public var costMapID: String { "costmap-\(metricName)-\(mode.rawValue)" }

    /// The path of its full cost map (`/costmap/routingcost/numerical`).
    public var costMapPath: String { "/costmap/\(metricName)/\(mode.rawValue)" }

    /// `{"cost-mode":…,"cost-metric":…}`.
    public var json: String { "{\"cost-mode\":\"\(mode.rawValue)\",\"cost-metric\":\"\(metricName)\"}" }

    /// A short description for the directory.
    public var summary: String {
        let what =
            metric == .hopcount
            ? "links on the path with fewest links" : "one-way delay in ms along the lowest-delay path"
        return mode == .numerical ? what : "rank of the \(what) among all pairs, 1 = best"
    }

    public var description: String { name }

    /// The published type matching a request's `cost-metric` and `cost-mode`, if any.
    public static func find(metric: String, mode: String) -> ALTOCostType? {
        allCases.first { $0.metricName == metric && $0.mode.rawValue == mode }
    }
}
