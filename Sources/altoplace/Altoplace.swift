import ArgumentParser

/// The `altoplace` command: an ALTO server, ALTO maps from real topologies, and joint
/// placement of functions onto clusters.
@main
struct Altoplace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "altoplace",
        abstract: "ALTO server, network maps and joint function placement.",
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, AgentCommand.self, CostMapCommand.self, SolveCommand.self, ValidateCommand.self,
            WhatIfCommand.self, DeliverCommand.self,
        ]
    )
}
