public import ALTO

/// The body of `GET /placements/{id}/delivery`: one placement decision per function, and
/// each cluster's actions in order (those the placement's commit and release made).
public struct DeliveryPlan: Sendable, Hashable, Codable {
    public var placement: String
    /// `kep5313` or `ocm`.
    public var form: String
    public var decisions: [JSONValue]
    /// Cluster id → its actions, in order.
    public var clusters: [String: [PlannedAction]]

    public init(placement: String, form: String, decisions: [JSONValue], clusters: [String: [PlannedAction]]) {
        self.placement = placement
        self.form = form
        self.decisions = decisions
        self.clusters = clusters
    }
}
