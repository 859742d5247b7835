import ALTO
import Foundation
import Matrix
import Service
import Solver
import Store
import Topology

/// Settings of `altoplace serve`. Each comes, in order of precedence, from a command-line
/// flag, an environment variable, the JSON config file, or the default below.
///
/// | setting | flag | environment | config key | default |
/// |---|---|---|---|---|
/// | listen address | `--host` | `ALTOPLACE_HOST` | `host` | `127.0.0.1` |
/// | port | `--port` | `ALTOPLACE_PORT` | `port` | `8181` |
/// | data directory | `--data-dir` | `ALTOPLACE_DATA_DIR` | `dataDir` | `./altoplace-data` |
/// | topology file | `--topology` | `ALTOPLACE_TOPOLOGY` | `topology` | the stored one, else the bundled metro-edge |
/// | default PID's node | `--default-node` | `ALTOPLACE_DEFAULT_NODE` | `defaultNode` | the first node |
/// | bearer token for writes | `--token` | `ALTOPLACE_TOKEN` | `token` | none (writes open) |
/// | body size limit, bytes | `--max-body-bytes` | `ALTOPLACE_MAX_BODY_BYTES` | `maxBodyBytes` | 8 MiB |
/// | per-request timeout, s | `--request-timeout` | `ALTOPLACE_REQUEST_TIMEOUT` | `requestTimeout` | 30 |
/// | concurrent requests | `--max-concurrent` | `ALTOPLACE_MAX_CONCURRENT` | `maxConcurrent` | 256 |
/// | solver threads | `--solver-threads` | `ALTOPLACE_SOLVER_THREADS` | `solverThreads` | the processor count |
/// | SSE heartbeat, s | `--heartbeat` | `ALTOPLACE_HEARTBEAT` | `heartbeat` | 15 |
/// | log format | `--log-format` | `ALTOPLACE_LOG_FORMAT` | `logFormat` | `json` |
/// | log level | `--log-level` | `ALTOPLACE_LOG_LEVEL` | `logLevel` | `info` |
///
/// The config file is named by `--config` or `ALTOPLACE_CONFIG`.
public struct ServerConfiguration: Sendable, Hashable, Codable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8181
    public var dataDir: String = "./altoplace-data"
    public var topology: String? = nil
    public var defaultNode: String? = nil
    public var token: String? = nil
    public var maxBodyBytes: Int = 8 << 20
    public var requestTimeout: Double = 30
    public var maxConcurrent: Int = 256
    public var heartbeat: Double = 15
    public var solverThreads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var logFormat: String = "json"
    public var logLevel: String = "info"

    public init() {}

    /// One layer of settings; `nil` leaves the layer below in force.
    public struct Layer: Sendable, Hashable, Codable {
        public var host: String?
        public var port: Int?
        public var dataDir: String?
        public var topology: String?
        public var defaultNode: String?
        public var token: String?
        public var maxBodyBytes: Int?
        public var requestTimeout: Double?
        public var maxConcurrent: Int?
        public var heartbeat: Double?
        public var solverThreads: Int?
        public var logFormat: String?
        public var logLevel: String?

        public init() {}

        /// The layer the `ALTOPLACE_*` variables give.
        public static func environment(_ env: [String: String]) throws(ConfigurationError) -> Layer {
            var layer = Layer()
            func number<T: LosslessStringConvertible>(_ key: String) throws(ConfigurationError) -> T? {
                guard let text = env[key] else { return nil }
                guard let value = T(text) else { throw ConfigurationError("\(key)=\(text) is not a number") }
                return value
            }
            layer.host = env["ALTOPLACE_HOST"]
            layer.port = try number("ALTOPLACE_PORT")
            layer.dataDir = env["ALTOPLACE_DATA_DIR"]
            layer.topology = env["ALTOPLACE_TOPOLOGY"]
            layer.defaultNode = env["ALTOPLACE_DEFAULT_NODE"]
            layer.token = env["ALTOPLACE_TOKEN"]
            layer.maxBodyBytes = try number("ALTOPLACE_MAX_BODY_BYTES")
            layer.requestTimeout = try number("ALTOPLACE_REQUEST_TIMEOUT")
            layer.maxConcurrent = try number("ALTOPLACE_MAX_CONCURRENT")
            layer.heartbeat = try number("ALTOPLACE_HEARTBEAT")
            layer.solverThreads = try number("ALTOPLACE_SOLVER_THREADS")
            layer.logFormat = env["ALTOPLACE_LOG_FORMAT"]
            layer.logLevel = env["ALTOPLACE_LOG_LEVEL"]
            return layer
        }

        /// The layer a JSON config file gives; unknown keys are an error (a typo should not
        /// pass silently).
        public static func file(_ path: String) throws(ConfigurationError) -> Layer {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("config file \(path): cannot read it")
            }
            let known = Set(
                [
                    "host", "port", "dataDir", "topology", "defaultNode", "token", "maxBodyBytes", "requestTimeout",
                    "maxConcurrent", "heartbeat", "solverThreads", "logFormat", "logLevel",
                ])
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                let unknown = Set(object.keys).subtracting(known)
                if !unknown.isEmpty {
                    throw ConfigurationError(
                        "config file \(path): unknown keys \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))"
                    )
                }
            }
            do {
                return try JSONDecoder().decode(Layer.self, from: data)
            } catch {
                throw ConfigurationError("config file \(path): \(error)")
            }
        }
    }

    /// The defaults with `layers` applied, lowest precedence first, then checked.
    public static func resolve(_ layers: [Layer]) throws(ConfigurationError) -> ServerConfiguration {
        var c = ServerConfiguration()
        for l in layers {
            c.host = l.host ?? c.host
            c.port = l.port ?? c.port
            c.dataDir = l.dataDir ?? c.dataDir
            c.topology = l.topology ?? c.topology
            c.defaultNode = l.defaultNode ?? c.defaultNode
            c.token = l.token ?? c.token
            c.maxBodyBytes = l.maxBodyBytes ?? c.maxBodyBytes
            c.requestTimeout = l.requestTimeout ?? c.requestTimeout
            c.maxConcurrent = l.maxConcurrent ?? c.maxConcurrent
            c.heartbeat = l.heartbeat ?? c.heartbeat
            c.solverThreads = l.solverThreads ?? c.solverThreads
            c.logFormat = l.logFormat ?? c.logFormat
            c.logLevel = l.logLevel ?? c.logLevel
        }
        try c.check()
        return c
    }

    /// Every problem with the settings, in one error.
    public func check() throws(ConfigurationError) {
        var problems: [String] = []
        if !(0...65535).contains(port) { problems.append("port must be 0...65535 (0 picks a free port)") }
        if maxBodyBytes < 1024 { problems.append("maxBodyBytes must be at least 1024") }
        if !(requestTimeout > 0) { problems.append("requestTimeout must be > 0 seconds") }
        if maxConcurrent < 1 { problems.append("maxConcurrent must be at least 1") }
        if !(heartbeat > 0) { problems.append("heartbeat must be > 0 seconds") }
        if !(1...256).contains(solverThreads) { problems.append("solverThreads must be 1...256") }
        if !["json", "text"].contains(logFormat) { problems.append("logFormat must be json or text") }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("logLevel must be trace, debug, info, notice, warning, error or critical")
        }
        if let token, token.isEmpty { problems.append("token must not be empty") }
        guard problems.isEmpty else { throw ConfigurationError(problems.joined(separator: "; ")) }
    }
}
