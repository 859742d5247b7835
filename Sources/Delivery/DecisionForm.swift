/// The form placement decisions are rendered in.
public enum DecisionForm: String, Sendable, Hashable, CaseIterable {
    /// SIG-Multicluster's `multicluster.x-k8s.io/v1alpha1` `PlacementDecision` (KEP-5313):
    /// top-level `decisions` of `clusterProfileRef` (KEP-4322 ClusterProfiles) and `reason`.
    case kep5313 = "kep5313"
    /// Open Cluster Management's `cluster.open-cluster-management.io/v1beta1`
    /// `PlacementDecision`: `status.decisions` of `clusterName` and `reason`, which Argo
    /// CD's cluster-decision-resource generator reads.
    case ocm
}
