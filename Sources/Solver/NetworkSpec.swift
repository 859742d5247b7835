/// Where network costs come from: a topology (a file, or inline in the request's
/// own JSON topology format), or a cost matrix given inline. Absent: no network term.
public struct NetworkSpec: Sendable, Hashable, Codable {
    /// Path to a topology file (JSON or GML), relative to the working directory.
    public var topologyFile: String?
    /// A cost matrix: `pids`, and `costs[i][j]` from `pids[i]` to `pids[j]` in ms
    /// (null where unreachable).
    public var costMatrix: InlineCostMatrix?

    public init(topologyFile: String? = nil, costMatrix: InlineCostMatrix? = nil) {
        self.topologyFile = topologyFile
        self.costMatrix = costMatrix
    }
}
