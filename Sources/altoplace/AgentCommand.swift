import ALTO
import Agent
import ArgumentParser
import Foundation
import Logging
import Server

/// `altoplace agent`: the ALTO interface at a data center (draft-lee Figure 1).
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract:
            "Measure this host and serve its data-center resource information (pull, push) to a central altoplace.",
        discussion: """
            Every --interval seconds it measures the host: CPU load from /proc/stat, memory in \
            use from /proc/meminfo (MemTotal - MemAvailable), and power from the powercap \
            (RAPL) energy counters, or where none is readable from a linear model between \
            --idle-watts and --max-watts (the report then says "powerestimated": true). Every \
            --report-interval seconds it stores a report (CPU load and power averaged over that \
            interval) and serves it: GET /getdcinfo (the draft's InfoDCResource), the same with \
            Accept: text/event-stream (push, resumable with Last-Event-ID), and GET /directory. \
            A central altoplace follows it when a cluster is registered with \
            "dcinfoSource": "http://HOST:PORT"; with --report-to it also POSTs every report to \
            the centre itself, for data centers the centre cannot reach. Reports are kept in \
            --data-dir, so a restart loses none.
            """
    )

    @Option(help: "The data center's id: a whole number (reported as a JSON number, as in the draft) or a name.")
    var dcid: String

    @Option(help: "The data center's location: its gateway's IPv4 or IPv6 address.")
    var addr: String

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one).")
    var port = 8282

    @Option(help: "Seconds between measurements.")
    var interval = 5.0

    @Option(help: "Seconds between reports (default: --interval).")
    var reportInterval: Double?

    @Option(help: "Price per CPU core reported as cost.")
    var cost = 0.0

    @Option(help: "Capacity in cores (default: the host's online CPUs).")
    var capacityCpu: Double?

    @Option(help: "Capacity in GiB of RAM (default: the host's MemTotal).")
    var capacityRam: Double?

    @Option(help: "Power cap in W (default: the RAPL power limit, else --max-watts).")
    var capacityPower: Double?

    @Option(help: "Watts drawn idle, for the power model.")
    var idleWatts = 100.0

    @Option(help: "Watts drawn at full load, for the power model.")
    var maxWatts = 250.0

    @Option(help: "Grid carbon intensity in gCO2/kWh, reported as carbonintensity.")
    var carbonIntensity: Double?

    @Option(help: "A central altoplace to POST every report to (its base URL).")
    var reportTo: String?

    @Option(help: "Bearer token for --report-to (the centre's --token).")
    var token: String?

    @Option(help: "Directory of the agent's SQLite store (its report history).")
    var dataDir = "./altoplace-agent-data"

    @Option(help: "Reports kept in the history (each replayable to a resuming client).")
    var reportHistory = 10_000

    @Option(help: "Log format: json or text.")
    var logFormat = "json"

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    /// `--dcid` as reported: a number when it is a whole number, else a string.
    var dataCenterID: DataCenterID? { Double(dcid).flatMap { DataCenterID(number: $0) } ?? DataCenterID(string: dcid) }

    func validate() throws {
        guard dataCenterID != nil else {
            throw ValidationError("--dcid must be a whole number or 1-64 characters of [A-Za-z0-9-:@_]")
        }
        guard DCInfo.address(addr) != nil else { throw ValidationError("--addr must be an IPv4 or IPv6 address") }
        guard interval > 0, (reportInterval ?? interval) > 0 else {
            throw ValidationError("--interval and --report-interval must be > 0")
        }
        for (name, value) in [
            ("--cost", cost), ("--idle-watts", idleWatts), ("--max-watts", maxWatts),
            ("--capacity-cpu", capacityCpu ?? 0), ("--capacity-ram", capacityRam ?? 0),
            ("--capacity-power", capacityPower ?? 0), ("--carbon-intensity", carbonIntensity ?? 0),
        ] where !(value.isFinite && value >= 0) {
            throw ValidationError("\(name) must be ≥ 0")
        }
        guard maxWatts >= idleWatts else { throw ValidationError("--max-watts must be ≥ --idle-watts") }
        if let reportTo, URL(string: reportTo)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--report-to must be an http(s) URL")
        }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format is json or text") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "altoplace-agent")
        var options = AgentOptions(dcid: dataCenterID!, addr: DCInfo.address(addr)!)
        options.interval = interval
        options.reportInterval = reportInterval
        options.cost = cost
        options.capacity = DataCenterCapacity(cpu: capacityCpu, ram: capacityRam, power: capacityPower)
        options.power = PowerModel(idleWatts: idleWatts, maxWatts: maxWatts)
        options.carbonIntensity = carbonIntensity

        var configuration = ServerConfiguration()
        configuration.role = .agent
        configuration.host = host
        configuration.port = port
        configuration.dataDir = dataDir
        configuration.reportHistory = reportHistory
        configuration.solverThreads = 1
        configuration.maxTopologyNodes = 64
        let server: ALTOServer
        do {
            server = try await ALTOServer.open(configuration: configuration, logger: logger)
        } catch {
            throw CLIError("cannot start: \(error)")
        }
        let agent = DataCenterAgent(options: options, service: server.service, logger: logger)
        let reporter = reportTo.map { CentreReporter(url: $0, token: token, service: server.service, logger: logger) }
        let host = host
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { port in
                    logger.info("agent listening", metadata: ["url": "http://\(host):\(port)/getdcinfo"])
                }
            }
            group.addTask { try await agent.run() }
            if let reporter { group.addTask { try await reporter.run() } }
            // The server returns on SIGTERM or SIGINT; the loops stop with it.
            do {
                try await group.next()
            } catch {
                group.cancelAll()
                throw CLIError("agent stopped: \(error)")
            }
            group.cancelAll()
        }
        logger.info("stopped")
    }
}
