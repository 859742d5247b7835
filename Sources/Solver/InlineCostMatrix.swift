/// A cost matrix given inline in a request: latency in ms between PIDs.
public struct InlineCostMatrix: Sendable, Hashable, Codable {
    public var pids: [String]
    /// `costs[i][j]`: from `pids[i]` to `pids[j]`; nil where unreachable.
    public var costs: [[Double?]]

    public init(pids: [String], costs: [[Double?]]) {
        self.pids = pids
        self.costs = costs
    }
}
