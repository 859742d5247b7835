import ArgumentParser
import Foundation
import Logging
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the ALTO server (RFC 7285 maps, data-center info, clusters) on HTTP.",
        discussion: """
            Each setting comes from the flag, else the environment variable (ALTOPLACE_HOST, \
            ALTOPLACE_PORT, ALTOPLACE_DATA_DIR, ALTOPLACE_TOPOLOGY, ALTOPLACE_DEFAULT_NODE, \
            ALTOPLACE_TOKEN, ALTOPLACE_MAX_BODY_BYTES, ALTOPLACE_REQUEST_TIMEOUT, \
            ALTOPLACE_MAX_CONCURRENT, ALTOPLACE_HEARTBEAT, ALTOPLACE_SOLVER_THREADS, ALTOPLACE_LOG_FORMAT, \
            ALTOPLACE_LOG_LEVEL), else the JSON config file (--config or ALTOPLACE_CONFIG; \
            keys as the flags in camelCase: host, port, dataDir, ...), else the default shown. \
            State (topology versions, clusters, data-center reports) is kept in SQLite under \
            the data directory and restored on start. With no topology given and none stored, \
            the bundled metro-edge topology is used. SIGTERM or SIGINT stops it gracefully. \
            GET /directory lists the ALTO resources; GET /openapi.json describes every route.
            """
    )

    @Option(help: "Address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces).")
    var host: String?

    @Option(help: "TCP port (default 8181; 0 picks a free one).")
    var port: Int?

    @Option(help: ArgumentHelp("Directory of the SQLite store (default ./altoplace-data).", valueName: "dir"))
    var dataDir: String?

    @Option(
        help: ArgumentHelp(
            "Topology file (.json or .gml) to serve; stored as a new version if it changed.", valueName: "file"))
    var topology: String?

    @Option(help: ArgumentHelp("JSON config file.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Node whose PID takes addresses outside every node's prefixes (default: the first).", valueName: "id"))
    var defaultNode: String?

    @Option(
        help:
            "Bearer token required on writes and heavy work (POST /dcinfo, PUT/DELETE /clusters, PUT /topology, POST/DELETE /placements, POST /whatif)."
    )
    var token: String?

    @Option(help: ArgumentHelp("Request body size limit (default 8388608).", valueName: "bytes"))
    var maxBodyBytes: Int?

    @Option(help: ArgumentHelp("Per-request timeout (default 30).", valueName: "seconds"))
    var requestTimeout: Double?

    @Option(help: ArgumentHelp("Concurrent requests before answering 503 (default 256).", valueName: "n"))
    var maxConcurrent: Int?

    @Option(help: ArgumentHelp("Heartbeat interval of server-sent event streams (default 15).", valueName: "seconds"))
    var heartbeat: Double?

    @Option(help: ArgumentHelp("Threads for placement solves (default: the processor count).", valueName: "n"))
    var solverThreads: Int?

    @Option(help: "Log lines as json (default) or text.")
    var logFormat: String?

    @Option(help: "Log level: trace, debug, info (default), notice, warning, error, critical.")
    var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var layers: [ServerConfiguration.Layer] = []
        do {
            if let file = config ?? environment["ALTOPLACE_CONFIG"] { layers.append(try .file(file)) }
            layers.append(try .environment(environment))
        } catch {
            throw CLIError("\(error)")
        }
        var flags = ServerConfiguration.Layer()
        flags.host = host
        flags.port = port
        flags.dataDir = dataDir
        flags.topology = topology
        flags.defaultNode = defaultNode
        flags.token = token
        flags.maxBodyBytes = maxBodyBytes
        flags.requestTimeout = requestTimeout
        flags.maxConcurrent = maxConcurrent
        flags.heartbeat = heartbeat
        flags.solverThreads = solverThreads
        flags.logFormat = logFormat
        flags.logLevel = logLevel
        layers.append(flags)
        let settings: ServerConfiguration
        do {
            settings = try ServerConfiguration.resolve(layers)
        } catch {
            throw CLIError("\(error)")
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let json = settings.logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "altoplace")
        let server: ALTOServer
        do {
            server = try await ALTOServer.open(configuration: settings, logger: logger)
        } catch {
            throw CLIError("cannot start: \(error)")
        }
        do {
            try await server.run { port in
                logger.info(
                    "listening",
                    metadata: ["url": "http://\(settings.host):\(port)/directory", "dataDir": "\(settings.dataDir)"])
            }
        } catch {
            let text = "\(error)"
            let hint =
                text.contains("Address already in use")
                ? ": the address is in use (another server running? choose another --port)" : ": \(text)"
            throw CLIError("cannot serve on \(settings.host):\(settings.port)\(hint)")
        }
        logger.info("stopped")
    }
}
