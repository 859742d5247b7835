/// A network cost metric the engine computes between every pair of nodes.
///
/// Raw values are the ALTO cost-metric names (RFC 7285 §6.1.1 for `routingcost`
/// and `hopcount`; RFC 9439 §4.5 for `bw-available`'s family) and are wire
/// format: add, never rename.
public enum CostMetric: String, Sendable, Codable, CaseIterable {
    /// One-way delay along the lowest-delay path, in milliseconds.
    case routingcost
    /// Links on the path with the fewest links.
    case hopcount
    /// Bottleneck bandwidth of the widest path (maximum over paths of the minimum
    /// link bandwidth), in Mbit/s.
    case bandwidth

    /// The algebra the metric is computed in.
    public var algebra: PathAlgebra {
        self == .bandwidth ? .widest : .shortest
    }
}
