import ArgumentParser
import Foundation
import Solver

/// `altoplace validate`: check a result against its request.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a placement result against every constraint of its request and recompute the objective.",
        discussion: "Prints OK and the recomputed objective, or one line per violation (exit status 1)."
    )

    @Argument(help: ArgumentHelp("The placement request (.json).", valueName: "request"))
    var request: String

    @Argument(help: ArgumentHelp("The result to check (.json), as `altoplace solve` writes it.", valueName: "result"))
    var result: String

    func run() throws {
        let request = try RequestFile.read(self.request)
        guard let data = FileManager.default.contents(atPath: result) else { throw CLIError("\(result): no such file") }
        let decoded: PlacementResult
        do { decoded = try JSONDecoder().decode(PlacementResult.self, from: data) } catch {
            throw CLIError("\(result): not a placement result: \(error)")
        }
        let report: PlacementValidator.Report
        do {
            report = PlacementValidator.check(request, latency: try LatencyTable.load(request.network), result: decoded)
        } catch {
            throw CLIError("\(self.request): \(error)")
        }
        if report.violations.isEmpty {
            print("OK: \(decoded.assignments.count) assignments, objective \(report.objective)")
        } else {
            for v in report.violations { print("violation: \(v)") }
            throw ExitCode(1)
        }
    }
}
