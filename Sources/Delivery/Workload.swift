/// What to run for a function: a container and the kind of object that runs it.
///
/// The object is named after the function id (which must then be a valid Kubernetes
/// name, see ``KubernetesName``), and its resource requests and limits come from the
/// function's demand on the cluster it is placed on (see ``ResourceQuantity``).
public struct Workload: Sendable, Hashable, Codable {
    /// The container image, e.g. `ghcr.io/acme/resize:1.4`.
    public var image: String
    /// `Deployment` (apps/v1) or `KnativeService` (serving.knative.dev/v1 `Service`).
    public var kind: String
    /// The container's entrypoint, replacing the image's.
    public var command: [String]?
    /// Arguments to the entrypoint.
    public var args: [String]?
    /// Environment variables, name → value.
    public var env: [String: String]?
    /// Ports the container listens on (1–65535; a Knative Service takes at most one).
    public var ports: [Int]?
    /// The namespace the object goes into (a DNS-1123 label); left out, the applying
    /// tool's default namespace.
    public var namespace: String?

    public init(
        image: String, kind: WorkloadKind = .deployment, command: [String]? = nil, args: [String]? = nil,
        env: [String: String]? = nil, ports: [Int]? = nil, namespace: String? = nil
    ) {
        self.image = image
        self.kind = kind.rawValue
        self.command = command
        self.args = args
        self.env = env
        self.ports = ports
        self.namespace = namespace
    }

    /// The largest demand (cores, GiB) a delivered function may have: its requests and
    /// limits are Kubernetes quantities, whose range ends near 9.2e15 milli-units.
    public static let maximumAmount = 1e9

    /// The kind as a value, when it is one of the two.
    public var workloadKind: WorkloadKind? { WorkloadKind(rawValue: kind) }

    /// Everything wrong with the workload of function `functionID`, each with its JSON
    /// path under `path` (e.g. `.functions[3]`); empty when it can be rendered.
    public func problems(functionID: String, path: String) -> [(path: String, message: String)] {
        var found: [(path: String, message: String)] = []
        let at = path + ".workload"
        if image.isEmpty || image.utf8.count > 1024 || image.contains(where: { $0.isWhitespace }) {
            found.append((at + ".image", "must be a container image reference: 1-1024 characters, no spaces"))
        }
        guard let kind = workloadKind else {
            found.append(
                (at + ".kind", "\"\(kind)\" is not a kind altoplace renders: give \"Deployment\" or \"KnativeService\"")
            )
            return found
        }
        if let problem = kind.nameProblem(functionID) {
            found.append(
                (path + ".id", "function id \"\(functionID)\" names its \(kind.rawValue) and \(problem)"))
        }
        if let namespace, !KubernetesName.isLabel(namespace) {
            found.append((at + ".namespace", "\"\(namespace)\" is not a namespace name: \(KubernetesName.labelRule)"))
        }
        for name in (env ?? [:]).keys.sorted() where !KubernetesName.isEnvironmentName(name) {
            found.append((at + ".env", "\"\(name)\" is not an environment variable name: \(KubernetesName.envRule)"))
        }
        var seen = Set<Int>()
        for (k, port) in (ports ?? []).enumerated() {
            if !(1...65535).contains(port) { found.append((at + ".ports[\(k)]", "\(port) is not a port (1-65535)")) }
            if !seen.insert(port).inserted { found.append((at + ".ports[\(k)]", "port \(port) is listed twice")) }
        }
        if kind == .knativeService {
            if (ports ?? []).count > 1 {
                found.append((at + ".ports", "a Knative Service's container listens on one port at most"))
            }
            for (k, port) in (ports ?? []).enumerated() where [8008, 8012, 8013, 8022, 9090, 9091].contains(port) {
                found.append((at + ".ports[\(k)]", "port \(port) is reserved by Knative Serving"))
            }
            for name in (env ?? [:]).keys.sorted()
            where ["PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"].contains(name) {
                found.append((at + ".env", "\"\(name)\" is set by Knative Serving itself"))
            }
        }
        return found
    }
}
