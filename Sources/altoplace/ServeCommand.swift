import ArgumentParser
import Foundation
import Logging
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the ALTO server (RFC 7285 maps, data-center info, clusters, placements) on HTTP.",
        usage: "altoplace serve [--config <file>] [--<setting> <value> ...]",
        discussion: """
            Each setting comes from its flag, else its environment variable, else the JSON \
            config file (--config or ALTOPLACE_CONFIG), else its default. Durations are \
            seconds, or a number with ms, s or m. State (topology versions, clusters, \
            placements, data-center reports) is kept in SQLite under the data directory and \
            restored on start. SIGTERM or SIGINT stops it gracefully. GET /directory lists the \
            ALTO resources; GET /openapi.json describes every route.

            SETTINGS:

            """ + ServerConfiguration.helpText
    )

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Settings, as --<setting> <value> or --<setting>=<value> (see below).", valueName: "setting")
    )
    var settings: [String] = []

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(
                arguments: settings, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError("\(error)")
        }
        let level = configuration.logLevel
        let json = configuration.logFormat == .json
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "altoplace")
        let server: ALTOServer
        do {
            server = try await ALTOServer.open(configuration: configuration, logger: logger)
        } catch {
            throw CLIError("cannot start: \(error)")
        }
        do {
            try await server.run { port in
                logger.info(
                    "listening",
                    metadata: [
                        "url": "http://\(configuration.host):\(port)/directory", "dataDir": "\(configuration.dataDir)",
                    ])
            }
        } catch {
            let text = "\(error)"
            let hint =
                text.contains("Address already in use")
                ? ": the address is in use (another server running? choose another --port)" : ": \(text)"
            throw CLIError("cannot serve on \(configuration.host):\(configuration.port)\(hint)")
        }
        logger.info("stopped")
    }
}
