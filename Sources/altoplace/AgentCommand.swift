import ALTO
import Agent
import ArgumentParser
import Dispatch
import Foundation
import Logging
import Server

/// `altoplace agent`: the ALTO interface at a data center (draft-lee Figure 1), and the
/// cluster client that delivers placed functions to its cluster (draft-yang step 4);
/// one process may be both.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract:
            "Measure this host and serve its data-center resource information (--dcid, --addr), and/or deliver placed functions to a cluster (--cluster, --server).",
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

            With --cluster ID --server URL it is the cluster's client: it follows the cluster's \
            ready actions on the central altoplace (GET /clusters/ID/actions, a push stream with \
            pull as the fallback) and carries out each one, then reports delivered or failed. \
            --out DIR writes each object as DIR/<kind>.<namespace>.<name>.yaml (atomically \
            replaced; a delete removes it), for GitOps tools; --apply CMD and --delete CMD run \
            under /bin/sh -c with the object's YAML on standard input, e.g. \
            --apply 'kubectl apply -f -' --delete 'kubectl delete --ignore-not-found -f -'. \
            Exit status 0 is delivered; anything else is failed, with the last lines of output, \
            and the server hands it out again with backoff.
            """
    )

    @Option(help: "The data center's id: a whole number (reported as a JSON number, as in the draft) or a name.")
    var dcid: String?

    @Option(help: "The data center's location: its gateway's IPv4 or IPv6 address.")
    var addr: String?

    @Option(help: "The cluster whose delivery actions to carry out (with --server).")
    var cluster: String?

    @Option(help: "The central altoplace to take the cluster's actions from (its base URL).")
    var server: String?

    @Option(help: "Write the cluster's objects as YAML files in this directory (one per object).")
    var out: String?

    @Option(help: "Command applying an object (its YAML on standard input), e.g. 'kubectl apply -f -'.")
    var apply: String?

    @Option(
        help: "Command deleting an object (its YAML on standard input), e.g. 'kubectl delete --ignore-not-found -f -'.")
    var delete: String?

    @Option(help: "Seconds between pulls of the actions when the server does not stream.")
    var pollInterval = 5.0

    @Option(help: "Seconds an --apply or --delete command may run before it is stopped and counted failed.")
    var commandTimeout = 300.0

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

    @Option(help: "Bearer token for --report-to and --server (the centre's --token).")
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
    var dataCenterID: DataCenterID? {
        dcid.flatMap { dcid in Double(dcid).flatMap { DataCenterID(number: $0) } ?? DataCenterID(string: dcid) }
    }

    /// How the cluster client carries out actions, when it runs.
    var executor: ClusterClient.Executor? {
        if let out { return .directory(out) }
        if let apply, let delete { return .commands(apply: apply, delete: delete) }
        return nil
    }

    func validate() throws {
        guard dcid != nil || addr != nil || cluster != nil else {
            throw ValidationError(
                "give --dcid and --addr (the data-center interface), --cluster and --server (the cluster client), or both"
            )
        }
        if cluster != nil || server != nil || out != nil || apply != nil || delete != nil {
            guard let cluster, PIDNaming.isValid(cluster) else {
                throw ValidationError("--cluster must be a cluster id: 1-64 characters of [A-Za-z0-9-:@_]")
            }
            guard let server, URL(string: server)?.scheme.map({ ["http", "https"].contains($0) }) == true else {
                throw ValidationError("--cluster needs --server, the central altoplace's http(s) URL")
            }
            guard (out != nil) != (apply != nil || delete != nil) else {
                throw ValidationError("give --out DIR, or --apply CMD and --delete CMD (not both)")
            }
            guard out != nil || (apply != nil && delete != nil) else {
                throw ValidationError("--apply and --delete go together")
            }
            guard pollInterval > 0, commandTimeout > 0 else {
                throw ValidationError("--poll-interval and --command-timeout must be > 0")
            }
        }
        guard dcid != nil || addr != nil else { return try validateLogging() }
        guard dataCenterID != nil else {
            throw ValidationError("--dcid must be a whole number or 1-64 characters of [A-Za-z0-9-:@_]")
        }
        guard let addr, DCInfo.address(addr) != nil else {
            throw ValidationError("--addr must be an IPv4 or IPv6 address")
        }
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
        try validateLogging()
    }

    func validateLogging() throws {
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
        let client = cluster.flatMap { cluster in
            executor.map { executor in
                ClusterClient(
                    server: self.server!, cluster: cluster, token: token, executor: executor, logger: logger,
                    pollInterval: pollInterval, commandTimeout: commandTimeout)
            }
        }
        guard let dcid = dataCenterID, let addr = addr.flatMap(DCInfo.address) else {
            // The cluster client alone: no data-center interface, no store.
            guard let client else { return }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                group.addTask { await Self.untilSignalled() }
                _ = try await group.next()
                group.cancelAll()
            }
            logger.info("stopped")
            return
        }
        var options = AgentOptions(dcid: dcid, addr: addr)
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
            if let client { group.addTask { try await client.run() } }
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

    /// Returns on SIGINT or SIGTERM.
    static func untilSignalled() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
