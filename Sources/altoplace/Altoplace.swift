import ArgumentParser

/// The `altoplace` command: ALTO maps from real topologies, and (coming) joint
/// placement of functions onto clusters.
@main
struct Altoplace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "altoplace",
        abstract: "ALTO network maps and joint function placement.",
        version: "0.1.0",
        subcommands: [CostMapCommand.self, SolveCommand.self, ValidateCommand.self]
    )
}
