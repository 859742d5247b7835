/// The kinds of object a ``Workload`` is rendered as.
public enum WorkloadKind: String, Sendable, Hashable, CaseIterable {
    /// `apps/v1` `Deployment`, one replica.
    case deployment = "Deployment"
    /// `serving.knative.dev/v1` `Service` (Knative Serving), at most one instance.
    case knativeService = "KnativeService"

    /// `apiVersion` of the rendered object.
    public var apiVersion: String { self == .deployment ? "apps/v1" : "serving.knative.dev/v1" }
    /// `kind` of the rendered object.
    public var objectKind: String { self == .deployment ? "Deployment" : "Service" }

    /// Why `name` cannot name an object of this kind, or `nil` when it can. A
    /// Deployment's name is also its pods' label value, so it must be a DNS-1123 label;
    /// a Knative Service's becomes a Kubernetes Service's, so a DNS-1035 label.
    func nameProblem(_ name: String) -> String? {
        switch self {
        case .deployment: KubernetesName.isLabel(name) ? nil : "is not a DNS-1123 label: \(KubernetesName.labelRule)"
        case .knativeService:
            KubernetesName.isDNS1035Label(name) ? nil : "is not a DNS-1035 label: \(KubernetesName.dns1035Rule)"
        }
    }
}
