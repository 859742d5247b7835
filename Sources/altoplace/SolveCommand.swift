import ArgumentParser
import Foundation
import Solver

/// `altoplace solve`: place a batch of functions from a request file.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Place the functions of a request onto its clusters and print the result JSON.",
        discussion: """
            REQUEST is placement request JSON (clusters, functions, objective, options, network; \
            see Data/requests/README.md). A network topologyFile is read relative to the \
            current directory. The result is validated against every constraint before it is \
            printed.

            Exit status: 0 for a placement (optimal, feasible, or timeLimit with a placement; \
            under allowPartial, also when some functions are left out), 1 for bad input or an \
            internal error, 2 when the request is proven infeasible, 3 when the time limit ended \
            the search before any complete placement was found (the result says so; a longer \
            limit may find one).
            """
    )

    @Argument(help: ArgumentHelp("The placement request (.json).", valueName: "request"))
    var request: String

    @Option(help: ArgumentHelp("Override options.timeLimit (seconds).", valueName: "seconds"))
    var timeLimit: Double?

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ValidationError("--time-limit must be positive")
        }
    }

    func run() throws {
        var request = try RequestFile.read(self.request)
        if let timeLimit {
            var options = request.options ?? SolveOptions()
            options.timeLimit = timeLimit
            request.options = options
        }
        let result: PlacementResult
        let report: PlacementValidator.Report
        do {
            result = try PlacementSolver().solve(request)
            report = PlacementValidator.check(request, latency: try LatencyTable.load(request.network), result: result)
        } catch {
            throw CLIError("\(self.request): \(error)")
        }
        guard report.violations.isEmpty else {
            throw CLIError(
                "internal error: the result failed validation:\n- " + report.violations.joined(separator: "\n- "))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(result) + Data("\n".utf8)
        if let output {
            try data.write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(data)
        }
        if result.status == .infeasible { throw ExitCode(2) }
        if result.status == .timeLimit && result.objective == nil { throw ExitCode(3) }
    }
}

/// Reads a placement request, with errors that name the file and the JSON path.
enum RequestFile {
    static func read(_ path: String) throws -> PlacementRequest {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): no such file") }
        do {
            return try RequestDecoding.decode(PlacementRequest.self, from: data)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }
}
