public import ALTO
import Foundation
public import Solver

/// Reads KEP-4322 ClusterProfiles (`multicluster.x-k8s.io/v1alpha1`) as clusters: one
/// object, or a list as `kubectl get clusterprofiles -o json` prints it (`kind: List`
/// or `ClusterProfileList`, `items`).
///
/// The Cluster Inventory API standardises no capacity properties, so altoplace reads
/// its own names from `status.properties` (values are strings):
///
/// | property | becomes |
/// |---|---|
/// | `cpu.capacity.altoplace.io` | capacity in cores, a quantity (`64`, `64000m`) |
/// | `memory.capacity.altoplace.io` | capacity in GiB, from a quantity of bytes (`256Gi`) |
/// | `power.capacity.altoplace.io` | power cap in W |
/// | `price-per-cpu.altoplace.io`, `watts-per-cpu.altoplace.io` | `pricePerCpu`, `wattsPerCpu` |
/// | `addr.altoplace.io`, `pid.altoplace.io` | the network location |
/// | `dcinfo-source.altoplace.io` | the data center's agent to follow |
///
/// The cluster id is `metadata.name`. Its labels are `metadata.labels`, every other
/// property whose name is a label key and whose value is a label value (`location`,
/// `clusterset.k8s.io`), and `altoplace.io/cluster-profile-namespace` with
/// `metadata.namespace`, so decisions name the profile where it lives.
public enum ClusterProfileImport {
    /// The label that says which namespace a cluster's ClusterProfile is in.
    public static let namespaceLabel = "altoplace.io/cluster-profile-namespace"

    /// The label that keeps an imported profile's name when it is not a valid cluster id.
    public static let nameLabel = "altoplace.io/cluster-profile-name"

    /// The ClusterProfile (and OCM ManagedCluster) name of a cluster: the name it was
    /// imported from, else its id when that is a DNS-1123 subdomain, else
    /// ``KubernetesName/mapped(_:)`` of the id (`Edge_1` → `edge-1-<8 hex>`).
    public static func profileName(_ cluster: Cluster) -> String {
        if let name = cluster.labels?[nameLabel] { return name }
        return KubernetesName.isSubdomain(cluster.id) ? cluster.id : KubernetesName.mapped(cluster.id)
    }

    /// The cluster id for a profile name: the name when it is one (1-64 of
    /// `[A-Za-z0-9-:@_]`), else the name with `.` as `_`, cut to 55 characters plus `-`
    /// and 8 hex digits of its hash when longer than 64.
    public static func clusterID(profileName name: String) -> String {
        let id = name.replacingOccurrences(of: ".", with: "_")
        guard id.count > 64 else { return id }
        return String(id.prefix(55)) + "-" + String(ContentHash.hex(of: name).prefix(8))
    }

    /// The namespace of a cluster's ClusterProfile, when an import recorded it.
    public static func profileNamespace(_ cluster: Cluster) -> String? { cluster.labels?[namespaceLabel] }

    /// The clusters in `document`, or every problem found, each with its JSON path.
    public static func clusters(from document: JSONValue) -> Result<[ImportedCluster], ImportProblems> {
        var problems: [(String, String)] = []
        var found: [ImportedCluster] = []
        let items: [(String, JSONValue)]
        switch (document["kind"]?.stringValue, document["items"]) {
        case (_, .array(let list)?): items = list.enumerated().map { ("items[\($0.offset)]", $0.element) }
        case ("ClusterProfile", _): items = [("", document)]
        default:
            return .failure(
                ImportProblems(problems: [
                    (
                        "kind",
                        "expected a ClusterProfile, or a list of them with \"items\" (kubectl get clusterprofiles -o json)"
                    )
                ]))
        }
        var seen = Set<String>()
        for (path, item) in items {
            let at = { (field: String) in path.isEmpty ? field : "\(path).\(field)" }
            guard item["apiVersion"]?.stringValue == "multicluster.x-k8s.io/v1alpha1",
                item["kind"]?.stringValue == "ClusterProfile"
            else {
                problems.append((at("kind"), "expected apiVersion multicluster.x-k8s.io/v1alpha1, kind ClusterProfile"))
                continue
            }
            guard let name = item["metadata"]?["name"]?.stringValue, KubernetesName.isSubdomain(name) else {
                problems.append((at("metadata.name"), "a ClusterProfile needs a name (a DNS-1123 subdomain)"))
                continue
            }
            if !seen.insert(clusterID(profileName: name)).inserted {
                problems.append((at("metadata.name"), "\"\(name)\" is listed twice"))
            }
            var cluster = ImportedCluster(id: clusterID(profileName: name), labels: [:])
            if case .object(let labels)? = item["metadata"]?["labels"] {
                for (k, v) in labels { if let v = v.stringValue { cluster.labels[k] = v } }
            }
            if let namespace = item["metadata"]?["namespace"]?.stringValue {
                cluster.labels[namespaceLabel] = namespace
            }
            if cluster.id != name { cluster.labels[nameLabel] = name }
            var capacity = Resources()
            let properties: [JSONValue]
            if case .array(let list)? = item["status"]?["properties"] { properties = list } else { properties = [] }
            for (k, property) in properties.enumerated() {
                let p = at("status.properties[\(k)]")
                guard let key = property["name"]?.stringValue, let value = property["value"]?.stringValue else {
                    problems.append((p, "a property has a string name and value"))
                    continue
                }
                let number = { (unit: Double) -> Double? in
                    guard let v = ResourceQuantity.parse(value) else {
                        problems.append((p + ".value", "\(key) \"\(value)\" is not a quantity"))
                        return nil
                    }
                    return v / unit
                }
                switch key {
                case "cpu.capacity.altoplace.io": capacity.cpu = number(1)
                case "memory.capacity.altoplace.io": capacity.ram = number(1_073_741_824)
                case "power.capacity.altoplace.io": capacity.power = number(1)
                case "price-per-cpu.altoplace.io": cluster.pricePerCpu = number(1)
                case "watts-per-cpu.altoplace.io": cluster.wattsPerCpu = number(1)
                case "addr.altoplace.io": cluster.addr = value
                case "pid.altoplace.io": cluster.pid = value
                case "dcinfo-source.altoplace.io": cluster.dcinfoSource = value
                default:
                    if isLabelKey(key), KubernetesName.isLabelValue(value) { cluster.labels[key] = value }
                }
            }
            if capacity.cpu != nil || capacity.ram != nil || capacity.power != nil { cluster.capacity = capacity }
            found.append(cluster)
        }
        return problems.isEmpty ? .success(found) : .failure(ImportProblems(problems: problems))
    }

    /// A label key: an optional DNS-1123 subdomain prefix and `/`, then 1-63 of
    /// `[A-Za-z0-9_.-]` starting and ending alphanumeric.
    static func isLabelKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, KubernetesName.isLabelValue(String(name)) else {
            return false
        }
        return parts.count == 1 || KubernetesName.isSubdomain(String(parts[0]))
    }
}

/// Why a ClusterProfile document could not be imported: each problem with its JSON path.
public struct ImportProblems: Error, Sendable {
    public var problems: [(path: String, message: String)]
}
