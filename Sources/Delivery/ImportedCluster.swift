public import Solver

/// A cluster read from a ClusterProfile, ready to register.
public struct ImportedCluster: Sendable, Hashable {
    public var id: String
    public var capacity: Resources?
    public var labels: [String: String]
    public var addr: String?
    public var pid: String?
    public var dcinfoSource: String?
    public var pricePerCpu: Double?
    public var wattsPerCpu: Double?
}
