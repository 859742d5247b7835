public import ALTO

/// Renders a function's ``Workload`` as the Kubernetes object that runs it.
///
/// Both kinds get the same metadata: `name` is the function id, `namespace` the
/// workload's, labels `app.kubernetes.io/name`, `app.kubernetes.io/managed-by: altoplace`,
/// `altoplace.io/function` and `altoplace.io/placement`, and the annotation
/// `altoplace.io/cluster` (the cluster id as registered). The container's `resources`
/// has `requests` and `limits` both equal to the demand (``ResourceQuantity``); `env` is
/// in name order.
///
/// - `Deployment` (`apps/v1`): one replica, selected by `app.kubernetes.io/name` and
///   `altoplace.io/function`, one container named after the function.
/// - `KnativeService` (`serving.knative.dev/v1` `Service`): one container, its port
///   (if any) as the single `containerPort`, and `autoscaling.knative.dev/max-scale: "1"`
///   on the revision template, because the placement reserved room for one instance.
public enum ManifestRenderer {
    /// The object for `function` placed by `placement` on `cluster`, with `cpu` cores
    /// and `ram` GiB.
    public static func object(
        _ workload: Workload, function: String, placement: String, cluster: String, cpu: Double?, ram: Double?
    ) -> JSONValue {
        let kind = workload.workloadKind ?? .deployment
        let selector: [String: JSONValue] = [
            "app.kubernetes.io/name": .string(function), "altoplace.io/function": .string(function),
        ]
        var labels = selector
        labels["app.kubernetes.io/managed-by"] = .string("altoplace")
        labels["altoplace.io/placement"] = .string(placement)
        var metadata: [String: JSONValue] = [
            "name": .string(function), "labels": .object(labels),
            "annotations": .object(["altoplace.io/cluster": .string(cluster)]),
        ]
        if let namespace = workload.namespace { metadata["namespace"] = .string(namespace) }
        var container: [String: JSONValue] = ["image": .string(workload.image)]
        if kind == .deployment { container["name"] = .string(function) }
        if let command = workload.command { container["command"] = .array(command.map(JSONValue.string)) }
        if let args = workload.args { container["args"] = .array(args.map(JSONValue.string)) }
        if let env = workload.env, !env.isEmpty {
            container["env"] = .array(
                env.keys.sorted().map { .object(["name": .string($0), "value": .string(env[$0]!)]) })
        }
        if let ports = workload.ports, !ports.isEmpty {
            container["ports"] = .array(ports.map { .object(["containerPort": .number(Double($0))]) })
        }
        var amounts: [String: JSONValue] = [:]
        if let q = ResourceQuantity.cpu(cpu) { amounts["cpu"] = .string(q) }
        if let q = ResourceQuantity.memory(ram) { amounts["memory"] = .string(q) }
        if !amounts.isEmpty {
            container["resources"] = .object(["requests": .object(amounts), "limits": .object(amounts)])
        }
        let podSpec: JSONValue = .object(["containers": .array([.object(container)])])
        let spec: JSONValue
        switch kind {
        case .deployment:
            spec = .object([
                "replicas": .number(1), "selector": .object(["matchLabels": .object(selector)]),
                "template": .object(["metadata": .object(["labels": .object(selector)]), "spec": podSpec]),
            ])
        case .knativeService:
            spec = .object([
                "template": .object([
                    "metadata": .object([
                        "labels": .object(selector),
                        "annotations": .object(["autoscaling.knative.dev/max-scale": .string("1")]),
                    ]),
                    "spec": podSpec,
                ])
            ])
        }
        return .object([
            "apiVersion": .string(kind.apiVersion), "kind": .string(kind.objectKind), "metadata": .object(metadata),
            "spec": spec,
        ])
    }

    /// `apiVersion/kind/namespace/name` of an object: what makes two objects the same one.
    public static func key(of object: JSONValue) -> String {
        let metadata = object["metadata"]
        return [
            object["apiVersion"]?.stringValue ?? "", object["kind"]?.stringValue ?? "",
            metadata?["namespace"]?.stringValue ?? "", metadata?["name"]?.stringValue ?? "",
        ].joined(separator: "/")
    }

    /// A file name for an object, unique per key: `kind.namespace.name.yaml` in lowercase
    /// (`deployment.default.resize.yaml`, or `deployment.resize.yaml` without a
    /// namespace), with the API group after the kind unless it is core or `apps`
    /// (`service.serving.knative.dev.default.resize.yaml`). Names and namespaces are
    /// DNS-1123 labels, so no two keys share a file name.
    public static func fileName(of object: JSONValue) -> String {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/").first!) : ""
        let kind = (object["kind"]?.stringValue ?? "object").lowercased()
        let namespace = object["metadata"]?["namespace"]?.stringValue
        let name = object["metadata"]?["name"]?.stringValue ?? "unnamed"
        let parts = [kind] + (group.isEmpty || group == "apps" ? [] : [group]) + (namespace.map { [$0] } ?? []) + [name]
        return parts.joined(separator: ".").filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
            + ".yaml"
    }
}
