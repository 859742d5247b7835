public import ALTO
import Delivery
import Store

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

    /// The plan as YAML documents: the decisions, then each cluster's action objects in
    /// order (clusters by id), each after a comment naming its cluster, action, function,
    /// seq and state.
    public var yaml: String {
        var documents: [(comment: String?, value: JSONValue)] = decisions.map { (nil, $0) }
        for cluster in clusters.keys.sorted() {
            for a in clusters[cluster] ?? [] {
                documents.append(
                    (
                        "cluster \(cluster): \(a.action.rawValue) (function \(a.function), seq \(a.seq), \(a.state.rawValue))",
                        a.object
                    ))
            }
        }
        return YAMLWriter.stream(documents)
    }
}
