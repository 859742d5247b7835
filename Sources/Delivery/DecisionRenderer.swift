public import ALTO
public import Solver

/// Renders one placement decision per function.
///
/// The object is named `<placement>-<function>` (KEP-5313) or
/// `<placement>-<function>-decision-0` (OCM, after its controller's convention), with the
/// function id mapped by ``KubernetesName/mapped(_:)`` when it is not a DNS-1123 label.
/// Labels: `altoplace.io/placement`, `altoplace.io/function` (find a function's decisions
/// with `-l altoplace.io/function=<id>`), and the form's own:
/// `multicluster.x-k8s.io/placement-key` (the function), `…/decision-key` (the object's
/// name) and `…/decision-index: "0"`; or OCM's `cluster.open-cluster-management.io/placement`
/// (`<placement>-<function>`), `…/decision-group-index: "0"`, `…/decision-group-name: ""`.
/// One function goes to one cluster, so each object holds one decision, far below both
/// forms' limit of 100; an unplaced function gets an empty list and its reason in the
/// `altoplace.io/unplaced` annotation. Annotations also carry each cost term
/// (`altoplace.io/cost-network`, …, `altoplace.io/worst-latency-ms`) and the original
/// function id.
public enum DecisionRenderer {
    /// Where decisions and the ClusterProfiles they name live.
    public struct Namespaces: Sendable, Hashable {
        /// The namespace of the decision objects.
        public var decisions: String
        /// The namespace of the ClusterProfiles, when a cluster does not say
        /// (``ClusterProfileImport/namespaceLabel``).
        public var clusterProfiles: String

        public init(decisions: String = "altoplace", clusterProfiles: String = "fleet-system") {
            self.decisions = decisions
            self.clusterProfiles = clusterProfiles
        }
    }

    /// The decision for `function` of `placement`: on `cluster` at `cost`, or unplaced
    /// (`cluster == nil`) for `unplacedReason`.
    public static func decision(
        _ form: DecisionForm, placement: String, function: String, cluster: Cluster?, cost: AssignmentCost?,
        unplacedReason: String? = nil, namespaces: Namespaces
    ) -> JSONValue {
        let f = KubernetesName.mapped(function)
        let base = "\(placement)-\(f)"
        var labels: [String: JSONValue] = [
            "altoplace.io/placement": .string(placement), "altoplace.io/function": .string(f),
        ]
        var annotations: [String: JSONValue] = ["altoplace.io/function-id": .string(function)]
        if let cost {
            let terms = [
                ("network", cost.network), ("price", cost.price), ("energy", cost.energy),
                ("migration", cost.migration), ("extra", cost.extra), ("total", cost.total),
            ]
            for (name, value) in terms { annotations["altoplace.io/cost-\(name)"] = .string(JSONText.number(value)) }
            if let worst = cost.worstLatency {
                annotations["altoplace.io/worst-latency-ms"] = .string(JSONText.number(worst))
            }
        }
        if let unplacedReason { annotations["altoplace.io/unplaced"] = .string(unplacedReason) }
        let reason = cost.map(Self.reason) ?? ""
        switch form {
        case .kep5313:
            labels["multicluster.x-k8s.io/placement-key"] = .string(f)
            labels["multicluster.x-k8s.io/decision-key"] = .string(KubernetesName.mapped(base))
            labels["multicluster.x-k8s.io/decision-index"] = .string("0")
            var decisions: [JSONValue] = []
            if let cluster {
                var decision: [String: JSONValue] = [
                    "clusterProfileRef": .object([
                        "name": .string(ClusterProfileImport.profileName(cluster)),
                        "namespace": .string(
                            ClusterProfileImport.profileNamespace(cluster) ?? namespaces.clusterProfiles),
                    ])
                ]
                if !reason.isEmpty { decision["reason"] = .string(reason) }
                decisions.append(.object(decision))
            }
            return .object([
                "apiVersion": .string("multicluster.x-k8s.io/v1alpha1"), "kind": .string("PlacementDecision"),
                "metadata": .object([
                    "name": .string(base), "namespace": .string(namespaces.decisions), "labels": .object(labels),
                    "annotations": .object(annotations),
                ]),
                "schedulerName": .string("altoplace"), "decisions": .array(decisions),
            ])
        case .ocm:
            labels["cluster.open-cluster-management.io/placement"] = .string(KubernetesName.mapped(base))
            labels["cluster.open-cluster-management.io/decision-group-index"] = .string("0")
            labels["cluster.open-cluster-management.io/decision-group-name"] = .string("")
            let decisions: [JSONValue] =
                cluster.map {
                    [
                        .object([
                            "clusterName": .string(ClusterProfileImport.profileName($0)), "reason": .string(reason),
                        ])
                    ]
                } ?? []
            return .object([
                "apiVersion": .string("cluster.open-cluster-management.io/v1beta1"),
                "kind": .string("PlacementDecision"),
                "metadata": .object([
                    "name": .string("\(base)-decision-0"), "namespace": .string(namespaces.decisions),
                    "labels": .object(labels), "annotations": .object(annotations),
                ]),
                "status": .object(["decisions": .array(decisions)]),
            ])
        }
    }

    /// `total 16.7 = network 12.5 + price 3 + energy 1.2 + migration 0 + extra 0; worst latency 8.4 ms`.
    public static func reason(_ cost: AssignmentCost) -> String {
        let n = JSONText.number
        var text =
            "total \(n(cost.total)) = network \(n(cost.network)) + price \(n(cost.price)) + energy \(n(cost.energy)) + migration \(n(cost.migration)) + extra \(n(cost.extra))"
        if let worst = cost.worstLatency { text += "; worst latency \(n(worst)) ms" }
        return text
    }
}
