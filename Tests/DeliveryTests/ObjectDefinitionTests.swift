import ALTO
import Delivery
import Solver
import Testing

/// The generated objects against the field lists of their definitions:
/// - `apps/v1` Deployment and core/v1 Container (kubernetes/api `apps/v1/types.go`,
///   `core/v1/types.go`);
/// - Knative Serving `serving.knative.dev/v1` Service, with the container fields its
///   webhook admits (knative/serving `pkg/apis/serving/fieldmask.go`) and one port;
/// - KEP-5313 `multicluster.x-k8s.io/v1alpha1` PlacementDecision (kubernetes-sigs/
///   cluster-inventory-api `apis/v1alpha1/placementdecision_types.go`: top-level
///   `decisions` of `clusterProfileRef{name,namespace}` and `reason`, at most 100);
/// - OCM `cluster.open-cluster-management.io/v1beta1` PlacementDecision
///   (open-cluster-management-io/api `cluster/v1beta1/types_placementdecision.go`:
///   `status.decisions` of `clusterName`, `reason`, optional `score`).
@Suite struct ObjectDefinitionTests {
    static let objectMeta: Set<String> = [
        "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]
    static let deploymentSpec: Set<String> = [
        "replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused",
        "progressDeadlineSeconds",
    ]
    static let container: Set<String> = [
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
        "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
        "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext",
        "stdin", "stdinOnce", "tty",
    ]
    static let knativeContainer: Set<String> = [
        "name", "args", "command", "env", "workingDir", "envFrom", "image", "imagePullPolicy", "livenessProbe", "ports",
        "readinessProbe", "resources", "securityContext", "startupProbe", "terminationMessagePath",
        "terminationMessagePolicy", "volumeMounts",
    ]

    static func keys(_ value: JSONValue?) -> Set<String> {
        if case .object(let o)? = value { return Set(o.keys) }
        return []
    }

    static func array(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let a)? = value { return a }
        return []
    }

    /// Metadata: known fields only, a valid name, valid label keys and values.
    static func checkMetadata(_ object: JSONValue) {
        let metadata = object["metadata"]
        #expect(keys(metadata).isSubset(of: objectMeta))
        let name = metadata?["name"]?.stringValue ?? ""
        #expect(KubernetesName.isSubdomain(name), "name \(name)")
        if let namespace = metadata?["namespace"]?.stringValue { #expect(KubernetesName.isLabel(namespace)) }
        if case .object(let labels)? = metadata?["labels"] {
            for (key, value) in labels {
                #expect(KubernetesName.isLabelValue(value.stringValue ?? "?!"), "label \(key)=\(value)")
                let name = key.split(separator: "/").last.map(String.init) ?? ""
                #expect(KubernetesName.isLabelValue(name) && !name.isEmpty, "label key \(key)")
            }
        }
        if case .object(let annotations)? = metadata?["annotations"] {
            for value in annotations.values { #expect(value.stringValue != nil) }
        }
    }

    static func checkResources(_ container: JSONValue?, cpu: String, memory: String) {
        #expect(keys(container?["resources"]) == ["requests", "limits"])
        for part in ["requests", "limits"] {
            #expect(container?["resources"]?[part]?["cpu"] == .string(cpu))
            #expect(container?["resources"]?[part]?["memory"] == .string(memory))
        }
    }

    static let workload = Workload(
        image: "ghcr.io/acme/resize:1.4", kind: .deployment, command: ["/resize"], args: ["--fast"],
        env: ["MODE": "fast", "A": "1"], ports: [8080])

    @Test func deploymentHasTheFieldsOfAppsV1() {
        let object = ManifestRenderer.object(
            Self.workload, function: "resize", placement: "p-1", cluster: "Edge_1", cpu: 0.25, ram: 0.5)
        #expect(Self.keys(object) == ["apiVersion", "kind", "metadata", "spec"])
        #expect(object["apiVersion"] == .string("apps/v1"))
        #expect(object["kind"] == .string("Deployment"))
        Self.checkMetadata(object)
        #expect(object["metadata"]?["name"] == .string("resize"))
        #expect(object["metadata"]?["annotations"]?["altoplace.io/cluster"] == .string("Edge_1"))
        let spec = object["spec"]
        #expect(Self.keys(spec).isSubset(of: Self.deploymentSpec))
        #expect(Self.keys(spec).isSuperset(of: ["selector", "template"]))
        // The selector matches the pod template's labels (apps/v1 requires it).
        guard case .object(let selector)? = spec?["selector"]?["matchLabels"],
            case .object(let podLabels)? = spec?["template"]?["metadata"]?["labels"]
        else {
            Issue.record("selector or pod labels missing")
            return
        }
        #expect(!selector.isEmpty)
        for (k, v) in selector { #expect(podLabels[k] == v) }
        let containers = Self.array(spec?["template"]?["spec"]?["containers"])
        #expect(containers.count == 1)
        let c = containers.first
        #expect(Self.keys(c).isSubset(of: Self.container))
        #expect(c?["name"] == .string("resize"))
        #expect(c?["image"] == .string("ghcr.io/acme/resize:1.4"))
        #expect(c?["command"] == .array([.string("/resize")]))
        #expect(c?["args"] == .array([.string("--fast")]))
        #expect(
            c?["env"]
                == .array([
                    .object(["name": .string("A"), "value": .string("1")]),
                    .object(["name": .string("MODE"), "value": .string("fast")]),
                ]))
        #expect(c?["ports"] == .array([.object(["containerPort": .number(8080)])]))
        Self.checkResources(c, cpu: "250m", memory: "512Mi")
    }

    @Test func knativeServiceHasTheFieldsKnativeAdmits() {
        var workload = Self.workload
        workload.kind = WorkloadKind.knativeService.rawValue
        workload.namespace = "functions"
        let object = ManifestRenderer.object(
            workload, function: "resize", placement: "p-1", cluster: "edge-1", cpu: 2, ram: 3)
        #expect(Self.keys(object) == ["apiVersion", "kind", "metadata", "spec"])
        #expect(object["apiVersion"] == .string("serving.knative.dev/v1"))
        #expect(object["kind"] == .string("Service"))
        Self.checkMetadata(object)
        #expect(object["metadata"]?["namespace"] == .string("functions"))
        #expect(Self.keys(object["spec"]) == ["template"])
        let template = object["spec"]?["template"]
        #expect(Self.keys(template) == ["metadata", "spec"])
        #expect(template?["metadata"]?["annotations"]?["autoscaling.knative.dev/max-scale"] == .string("1"))
        let containers = Self.array(template?["spec"]?["containers"])
        #expect(containers.count == 1)
        #expect(Self.keys(containers.first).isSubset(of: Self.knativeContainer))
        let ports = Self.array(containers.first?["ports"])
        #expect(ports.count == 1)
        #expect(Self.keys(ports.first).isSubset(of: ["containerPort", "name", "protocol"]))
        Self.checkResources(containers.first, cpu: "2", memory: "3Gi")
    }

    static let cluster = Cluster(id: "edge-1", capacity: Resources(cpu: 8))

    @Test func kep5313DecisionHasTopLevelDecisionsOfClusterProfileRefs() {
        var cost = AssignmentCost(
            PlacementFunction(id: "f", demand: FunctionDemand(cpu: 1)), on: Self.cluster, weights: nil, latency: nil)
        cost.worstLatency = 7
        let object = DecisionRenderer.decision(
            .kep5313, placement: "p-1", function: "Resize_Fn", cluster: Self.cluster, cost: cost,
            namespaces: .init(decisions: "apps", clusterProfiles: "fleet"))
        #expect(Self.keys(object).isSubset(of: ["apiVersion", "kind", "metadata", "decisions", "schedulerName"]))
        #expect(object["apiVersion"] == .string("multicluster.x-k8s.io/v1alpha1"))
        #expect(object["kind"] == .string("PlacementDecision"))
        Self.checkMetadata(object)
        let mapped = KubernetesName.mapped("Resize_Fn")
        #expect(object["metadata"]?["name"] == .string("p-1-\(mapped)"))
        #expect(object["metadata"]?["namespace"] == .string("apps"))
        let labels = object["metadata"]?["labels"]
        #expect(labels?["multicluster.x-k8s.io/placement-key"] == .string(mapped))
        #expect(labels?["multicluster.x-k8s.io/decision-key"] == .string("p-1-\(mapped)"))
        #expect(labels?["multicluster.x-k8s.io/decision-index"] == .string("0"))
        #expect(labels?["altoplace.io/function"] == .string(mapped))
        #expect(object["metadata"]?["annotations"]?["altoplace.io/function-id"] == .string("Resize_Fn"))
        let decisions = Self.array(object["decisions"])
        #expect(decisions.count == 1)
        #expect(Self.keys(decisions.first).isSubset(of: ["clusterProfileRef", "reason"]))
        #expect(Self.keys(decisions.first?["clusterProfileRef"]) == ["name", "namespace"])
        #expect(decisions.first?["clusterProfileRef"]?["name"] == .string("edge-1"))
        #expect(decisions.first?["clusterProfileRef"]?["namespace"] == .string("fleet"))
        #expect(decisions.first?["reason"]?.stringValue?.contains("worst latency 7 ms") == true)
        // Unplaced: the list is present and empty (the field is required; never null).
        let unplaced = DecisionRenderer.decision(
            .kep5313, placement: "p-1", function: "f", cluster: nil, cost: nil, unplacedReason: "no room",
            namespaces: .init())
        #expect(unplaced["decisions"] == .array([]))
        #expect(unplaced["metadata"]?["annotations"]?["altoplace.io/unplaced"] == .string("no room"))
    }

    @Test func ocmDecisionHasStatusDecisionsOfClusterNames() {
        let object = DecisionRenderer.decision(
            .ocm, placement: "p-1", function: "f", cluster: Self.cluster, cost: nil, namespaces: .init())
        #expect(Self.keys(object) == ["apiVersion", "kind", "metadata", "status"])
        #expect(object["apiVersion"] == .string("cluster.open-cluster-management.io/v1beta1"))
        #expect(object["kind"] == .string("PlacementDecision"))
        Self.checkMetadata(object)
        #expect(object["metadata"]?["name"] == .string("p-1-f-decision-0"))
        let labels = object["metadata"]?["labels"]
        #expect(labels?["cluster.open-cluster-management.io/placement"] == .string("p-1-f"))
        #expect(labels?["cluster.open-cluster-management.io/decision-group-index"] == .string("0"))
        #expect(Self.keys(object["status"]) == ["decisions"])
        let decisions = Self.array(object["status"]?["decisions"])
        #expect(decisions.count == 1)
        // Both fields are required by the CRD; reason is a string even when empty.
        #expect(Self.keys(decisions.first) == ["clusterName", "reason"])
        #expect(decisions.first?["clusterName"] == .string("edge-1"))
        #expect(decisions.first?["reason"]?.stringValue != nil)
    }
}
