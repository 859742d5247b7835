import Delivery
import Foundation
public import Logging
public import Service

/// Settings of `altoplace serve`. Each comes, in order of precedence, from a command-line
/// flag, an environment variable, the JSON config file, or its default. All four, and the
/// help text, come from one declaration: ``settings``.
public struct ServerConfiguration: Sendable, Hashable {
    /// How log lines are written.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        case json, text
    }

    public var host = "127.0.0.1"
    public var port = 8181
    public var dataDir = "./altoplace-data"
    public var topology: String? = nil
    public var defaultNode: String? = nil
    public var token: String? = nil
    public var maxBodyBytes = 8 << 20
    public var requestTimeout: Duration = .seconds(30)
    public var maxConcurrent = 256
    public var heartbeat: Duration = .seconds(15)
    public var solverThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var solveThreads: Int? = nil
    public var blockingThreads = 1
    public var readToken: String? = nil
    public var maxTopologyNodes = ServiceLimits().maxTopologyNodes
    public var memoryBudget: Int? = nil
    public var maxEndpointPairs = 1_000_000
    public var maxPlacementPairs = ServiceLimits().maxPlacementPairs
    public var headerTimeout: Duration = .seconds(10)
    public var bodyTimeout: Duration = .seconds(30)
    public var maxConnections: Int? = nil
    public var maxConnectionsPerClient = 256
    public var reportHistory = ServiceLimits().reportHistory
    public var topologyHistory = ServiceLimits().topologyHistory
    public var logFormat: LogFormat = .json
    public var logLevel: Logger.Level = .info
    public var staleAfter: Duration = .seconds(30)
    public var followPollInterval: Duration = .seconds(5)
    /// The namespace of the placement decisions served (`GET /placements/{id}/delivery`).
    public var decisionNamespace = "altoplace"
    /// The namespace of the ClusterProfiles decisions name, for clusters not imported
    /// from one.
    public var clusterProfileNamespace = "fleet-system"
    /// The longest wait between attempts of a failed delivery action.
    public var deliveryRetryMax: Duration = .seconds(60)
    /// What the server serves (set by the command, not a setting).
    public var role: ServerRole = .centre

    public init() {}

    /// ``staleAfter`` in seconds.
    public var staleAfterSeconds: Double { Self.seconds(staleAfter) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The service's limits and retention from these settings.
    public var serviceLimits: ServiceLimits {
        var limits = ServiceLimits()
        limits.maxTopologyNodes = maxTopologyNodes
        if let memoryBudget { limits.memoryBudget = memoryBudget }
        limits.reportHistory = reportHistory
        limits.topologyHistory = topologyHistory
        limits.maxPlacementPairs = maxPlacementPairs
        return limits
    }

    /// Every setting. The flags, the environment variables, the config-file keys, the help
    /// and the parsing all come from this list.
    public static let settings: [ServerSetting] = [
        ServerSetting("host", "address", default: "127.0.0.1", "Address to listen on (0.0.0.0 for all interfaces).") {
            $0.host = try text($1, "host")
        },
        ServerSetting("port", "n", default: "8181", "TCP port (0 picks a free one).") {
            $0.port = try integer($1, "port", in: 0...65535)
        },
        ServerSetting("dataDir", "dir", default: "./altoplace-data", "Directory of the SQLite store.") {
            $0.dataDir = try text($1, "dataDir")
        },
        ServerSetting(
            "topology", "file", default: "the stored one, else the bundled metro-edge",
            "Topology file (.json or .gml) to serve; stored as a new version if it changed."
        ) { $0.topology = try text($1, "topology") },
        ServerSetting(
            "defaultNode", "id", default: "the first node",
            "Node whose PID takes addresses outside every node's prefixes."
        ) { $0.defaultNode = try text($1, "defaultNode") },
        ServerSetting(
            "token", "token", default: "none (writes open)",
            "Bearer token required on writes and heavy work (POST /dcinfo, PUT/DELETE /clusters, PUT /topology, POST/DELETE /placements, POST /whatif)."
        ) { $0.token = try text($1, "token") },
        ServerSetting(
            "readToken", "token", default: "none (reads open)",
            "Bearer token also required on reads of data-center state (GET /getdcinfo and its push stream) and on expensive reads (full and filtered cost maps, endpoint costs, POST /clusters/rank); the write token is accepted there too. Set it to the write token to use one token for everything."
        ) { $0.readToken = try text($1, "readToken") },
        ServerSetting(
            "maxTopologyNodes", "n", default: "\(ServiceLimits().maxTopologyNodes)",
            "Most nodes a served topology may have; PUT /topology answers 413 past it."
        ) { $0.maxTopologyNodes = try integer($1, "maxTopologyNodes", in: 2...1_000_000) },
        ServerSetting(
            "memoryBudget", "bytes", default: "half the memory of the machine or of the process's cgroup",
            "Memory a served topology may need by altoplace's estimate (docs/limits.md): its matrices for two versions during a change and its four full cost maps rendered; PUT /topology answers 413 past it."
        ) { $0.memoryBudget = try integer($1, "memoryBudget", in: 1 << 20...Int.max) },
        ServerSetting(
            "maxEndpointPairs", "n", default: "1000000",
            "Most source × destination pairs one endpoint-cost or filtered cost-map request may ask for (413 past it)."
        ) { $0.maxEndpointPairs = try integer($1, "maxEndpointPairs", in: 1...Int.max) },
        ServerSetting(
            "maxPlacementPairs", "n", default: "4000000",
            "Most function x cluster pairs in one placement, ranking or what-if study (a larger batch is 413)."
        ) { $0.maxPlacementPairs = try integer($1, "maxPlacementPairs", in: 1...Int.max) },
        ServerSetting(
            "headerTimeout", "duration", default: "10s",
            "Time a connection has to send a complete request head, from when it opens or its last response ended (so also the keep-alive idle timeout); then it is closed."
        ) { $0.headerTimeout = try duration($1, "headerTimeout") },
        ServerSetting(
            "bodyTimeout", "duration", default: "30s",
            "Time a request has to send its whole body once its head is in; then the connection is closed."
        ) { $0.bodyTimeout = try duration($1, "bodyTimeout") },
        ServerSetting(
            "maxConnections", "n", default: "4096, or the open-file limit less 128 if lower",
            "Open connections before new ones are answered 503 and closed."
        ) { $0.maxConnections = try integer($1, "maxConnections", in: 1...Int.max) },
        ServerSetting(
            "maxConnectionsPerClient", "n", default: "256",
            "Open connections from one client address before its new ones are answered 503 and closed."
        ) { $0.maxConnectionsPerClient = try integer($1, "maxConnectionsPerClient", in: 1...Int.max) },
        ServerSetting(
            "reportHistory", "n", default: "\(ServiceLimits().reportHistory)",
            "Data-center reports kept for push clients resuming with Last-Event-ID (the newest report of every data center is always kept); older ones are deleted."
        ) { $0.reportHistory = try integer($1, "reportHistory", in: 1...Int.max) },
        ServerSetting(
            "topologyHistory", "n", default: "\(ServiceLimits().topologyHistory)",
            "Topology versions kept in the store, the current one included; older ones are deleted."
        ) { $0.topologyHistory = try integer($1, "topologyHistory", in: 1...Int.max) },
        ServerSetting("maxBodyBytes", "bytes", default: "8388608", "Request body size limit (at least 1024).") {
            $0.maxBodyBytes = try integer($1, "maxBodyBytes", in: 1024...Int.max)
        },
        ServerSetting(
            "requestTimeout", "duration", default: "30s", "Per-request timeout (30, 30s, 1500ms, 2m)."
        ) { $0.requestTimeout = try duration($1, "requestTimeout") },
        ServerSetting(
            "maxConcurrent", "n", default: "256", "Concurrent requests (and push streams) before answering 503."
        ) { $0.maxConcurrent = try integer($1, "maxConcurrent", in: 1...Int.max) },
        ServerSetting(
            "staleAfter", "duration", default: "30s",
            "A data center is stale this long after its last report: shown as stale, and its clusters left out of placements and rankings (unless a request sets staleDataCenters: use)."
        ) {
            $0.staleAfter = try duration($1, "staleAfter")
        },
        ServerSetting(
            "followPollInterval", "duration", default: "5s",
            "Interval of pulls from a followed data center agent (dcinfoSource) that does not stream."
        ) {
            $0.followPollInterval = try duration($1, "followPollInterval")
        },
        ServerSetting(
            "decisionNamespace", "name", default: "altoplace", "Namespace of the placement decisions served."
        ) { $0.decisionNamespace = try namespace($1, "decisionNamespace") },
        ServerSetting(
            "clusterProfileNamespace", "name", default: "fleet-system",
            "Namespace of the ClusterProfiles that decisions name (clusters imported from a ClusterProfile keep theirs)."
        ) { $0.clusterProfileNamespace = try namespace($1, "clusterProfileNamespace") },
        ServerSetting(
            "deliveryRetryMax", "duration", default: "60s",
            "Longest wait before a failed delivery action is handed out again (the wait starts at 1 s and doubles)."
        ) {
            $0.deliveryRetryMax = try duration($1, "deliveryRetryMax")
        },
        ServerSetting("heartbeat", "duration", default: "15s", "Heartbeat interval of server-sent event streams.") {
            $0.heartbeat = try duration($1, "heartbeat")
        },
        ServerSetting("solverThreads", "n", default: "the processor count", "Dedicated threads for placement solves.") {
            $0.solverThreads = try integer($1, "solverThreads", in: 1...256)
        },
        ServerSetting(
            "solveThreads", "n", default: "solverThreads",
            "Most threads one placement solve holds; models under 50,000 unit-cluster cells hold one."
        ) {
            $0.solveThreads = try integer($1, "solveThreads", in: 1...256)
        },
        ServerSetting(
            "blockingThreads", "n", default: "1",
            "Threads for all-pairs recomputation on a topology change and first renderings of full cost maps."
        ) { $0.blockingThreads = try integer($1, "blockingThreads", in: 1...64) },
        ServerSetting("logFormat", "format", default: "json", "Log lines as json or text.") {
            guard let format = LogFormat(rawValue: $1) else {
                throw ConfigurationError("logFormat must be json or text, not \($1)")
            }
            $0.logFormat = format
        },
        ServerSetting(
            "logLevel", "level", default: "info", "Log level: trace, debug, info, notice, warning, error, critical."
        ) {
            guard let level = Logger.Level(rawValue: $1) else {
                throw ConfigurationError(
                    "logLevel must be trace, debug, info, notice, warning, error or critical, not \($1)")
            }
            $0.logLevel = level
        },
    ]

    /// The environment variable that names the config file.
    public static let configVariable = "ALTOPLACE_CONFIG"

    /// The settings resolved from `arguments` (`--flag value` or `--flag=value`), the
    /// environment, and the config file named by `--config` or `ALTOPLACE_CONFIG`.
    /// - Throws: ``ConfigurationError`` naming every problem: unknown flags or keys, values
    ///   that do not parse or are out of range.
    public static func resolve(arguments: [String], environment: [String: String]) throws(ConfigurationError)
        -> ServerConfiguration
    {
        var flags: [(String, String)] = []
        var configFile = environment[configVariable]
        var problems: [String] = []
        var k = 0
        while k < arguments.count {
            let argument = arguments[k]
            k += 1
            guard argument.hasPrefix("--") else {
                problems.append("unexpected argument \(argument)")
                continue
            }
            var name = argument
            var value: String? = nil
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                value = String(argument[argument.index(after: eq)...])
            } else if k < arguments.count {
                value = arguments[k]
                k += 1
            }
            guard let value else {
                problems.append("\(name) needs a value")
                continue
            }
            if name == "--config" {
                configFile = value
            } else if let setting = settings.first(where: { $0.flag == name }) {
                flags.append((setting.key, value))
            } else {
                problems.append(
                    "unknown flag \(name); known: --config, " + settings.map(\.flag).joined(separator: ", "))
            }
        }
        var layers: [[(String, String)]] = []
        if let configFile {
            do {
                layers.append(try fileLayer(configFile))
            } catch {
                problems.append(error.message)
            }
        }
        layers.append(settings.compactMap { s in environment[s.environmentVariable].map { (s.key, $0) } })
        layers.append(flags)
        var configuration = ServerConfiguration()
        for layer in layers {
            for (key, value) in layer {
                guard let setting = settings.first(where: { $0.key == key }) else { continue }
                do {
                    try setting.apply(&configuration, value)
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems.joined(separator: "; ")) }
        return configuration
    }

    /// The `(key, value)` pairs of a JSON config file; unknown keys are an error (a typo
    /// should not pass silently).
    static func fileLayer(_ path: String) throws(ConfigurationError) -> [(String, String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("config file \(path): cannot read it")
        }
        /// A config value: a string, or a number written as text.
        struct Value: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let string = try? c.decode(String.self) {
                    text = string
                } else if let integer = try? c.decode(Int.self) {
                    text = "\(integer)"
                } else {
                    text = "\(try c.decode(Double.self))"
                }
            }
        }
        let object: [String: Value]
        do {
            object = try JSONDecoder().decode([String: Value].self, from: data)
        } catch {
            throw ConfigurationError("config file \(path): a JSON object of strings and numbers is expected (\(error))")
        }
        let known = Set(settings.map(\.key))
        let unknown = Set(object.keys).subtracting(known)
        guard unknown.isEmpty else {
            throw ConfigurationError(
                "config file \(path): unknown keys \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))"
            )
        }
        var out: [(String, String)] = []
        for key in object.keys.sorted() { out.append((key, object[key]!.text)) }
        return out
    }

    /// The help text of every setting: flag, variable, key, default.
    public static var helpText: String {
        settings.map { s in
            "\(s.flag) <\(s.valueName)>  \(s.help) Default: \(s.defaultText). Environment: \(s.environmentVariable); config key: \(s.key)."
        }.joined(separator: "\n\n")
    }

    private static func text(_ value: String, _ key: String) throws(ConfigurationError) -> String {
        guard !value.isEmpty else { throw ConfigurationError("\(key) must not be empty") }
        return value
    }

    /// A Kubernetes namespace: a DNS-1123 label.
    private static func namespace(_ value: String, _ key: String) throws(ConfigurationError) -> String {
        guard KubernetesName.isLabel(value) else {
            throw ConfigurationError("\(key) must be a DNS-1123 label, not \(value)")
        }
        return value
    }

    private static func integer(_ value: String, _ key: String, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let n = Int(value) else { throw ConfigurationError("\(key) must be a whole number, not \(value)") }
        guard range.contains(n) else {
            let upper = range.upperBound == Int.max ? "" : "\(range.upperBound)"
            throw ConfigurationError("\(key) must be \(range.lowerBound)...\(upper), not \(n)")
        }
        return n
    }

    /// `30` (seconds), `30s`, `1500ms`, `2m`; > 0.
    static func duration(_ value: String, _ key: String) throws(ConfigurationError) -> Duration {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60)]
        var number = value
        var scale = 1.0
        for (suffix, factor) in units where value.hasSuffix(suffix) {
            number = String(value.dropLast(suffix.count))
            scale = factor
            break
        }
        guard let amount = Double(number), amount.isFinite, amount > 0 else {
            throw ConfigurationError("\(key) must be a duration > 0 (30, 30s, 1500ms, 2m), not \(value)")
        }
        return .nanoseconds(Int64((amount * scale * 1e9).rounded()))
    }
}
