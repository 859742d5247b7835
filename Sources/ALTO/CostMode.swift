import Matrix
import Topology

/// How a cost map reports costs (RFC 7285 §6.1.2). Raw values are wire format.
public enum CostMode: String, Sendable, Codable, CaseIterable {
    /// The costs themselves, as numbers.
    case numerical
    /// Per source, the rank of each destination's cost: 1 for the cheapest, equal
    /// costs share a rank, and the next distinct cost takes the next integer.
    case ordinal
}
