import ArgumentParser

/// `altoplace-bench`: reproducible benchmarks of the engines. Every run prints the
/// toolchain-independent facts a reader needs to compare (CPU kernel level,
/// threads, sizes, seeds) beside the figures.
@main
struct BenchMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "altoplace-bench",
        abstract: "Benchmarks for the altoplace engines.",
        subcommands: [APSPBench.self, ScoringBench.self, GenerateGraph.self, SolveBench.self, CompileBench.self]
    )
}
