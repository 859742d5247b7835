/// The body of `GET /clusters/{id}/actions` (and of each event of its stream): what the
/// cluster's agent should carry out now, in order.
public struct ClusterActions: Sendable, Hashable, Codable {
    public var cluster: String
    public var actions: [PlannedAction]

    public init(cluster: String, actions: [PlannedAction]) {
        self.cluster = cluster
        self.actions = actions
    }
}
