import ALTO
import ArgumentParser
import Foundation
import Matrix
import Topology

/// `altoplace costmap`: an ALTO cost map (or CSV) of a topology file.
struct CostMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costmap",
        abstract: "Print the all-pairs cost map of a topology.",
        discussion: """
            TOPOLOGY is altoplace topology JSON or Internet Topology Zoo GML (see \
            Data/topologies/README.md). Each node becomes one PID named after its id: \
            characters outside [A-Za-z0-9:@_-] become '_', names are cut to 64 \
            characters, and clashes get -2, -3, ... in node order. Pairs with no path are \
            left out (RFC 7285 allows it; CSV leaves them out too). Warnings about \
            assumptions (nodes without coordinates, default delays) go to standard error.
            """
    )

    @Argument(help: ArgumentHelp("The topology file (.json or .gml).", valueName: "topology"))
    var topology: String

    @Option(
        help:
            "routingcost (one-way delay in ms along the lowest-delay path), hopcount (links on the path with fewest links), or bandwidth (bottleneck Mbit/s of the widest path)."
    )
    var metric: CostMetric = .routingcost

    @Option(
        help:
            "alto (an RFC 7285 cost map, application/alto-costmap+json) or csv (source,target,cost with the file's own node ids)."
    )
    var format: OutputFormat = .alto

    @Option(
        help:
            "numerical (the costs) or ordinal (each cost's rank among all the costs in the map, 1 = best; equal costs share a rank)."
    )
    var mode: CostMode = .numerical

    @Option(
        help: ArgumentHelp("Delay in ms for links whose delay cannot be derived from coordinates.", valueName: "ms"))
    var defaultDelay: Double?

    @Option(help: ArgumentHelp("Bandwidth in Mbit/s for links without one (bandwidth metric only).", valueName: "mbps"))
    var defaultBandwidth: Double?

    @Option(help: "How to compute all pairs: floyd-warshall suits dense graphs, dijkstra sparse ones.")
    var method: AllPairsEngine.Method = .automatic

    @Option(help: "Worker threads (default: all processors).")
    var threads: Int?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case alto, csv
    }

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let defaultDelay, !(defaultDelay.isFinite && defaultDelay >= 0) {
            throw ValidationError("--default-delay must be a number of ms ≥ 0")
        }
        if let defaultBandwidth, !(defaultBandwidth.isFinite && defaultBandwidth > 0) {
            throw ValidationError("--default-bandwidth must be a positive number of Mbit/s")
        }
    }

    func run() throws {
        let resolved: ResolvedTopology
        let graph: Graph
        let networkMap: NetworkMap
        do {
            let loaded = try Topology.load(contentsOf: topology)
            resolved = try loaded.resolved(ResolutionOptions(defaultDelay: defaultDelay))
            graph = try resolved.graph(for: metric, defaultBandwidth: defaultBandwidth)
            networkMap = try NetworkMap(topology: loaded)
        } catch {
            throw CLIError("\(error)")
        }
        for warning in resolved.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let matrix = AllPairsEngine(method: method, threads: threads).costs(graph)
        // The same vtag the server publishes for this topology.
        let document = CostMapDocument(
            nodeIDs: resolved.nodeIDs, matrix: matrix, metric: metric, mode: mode,
            networkMapTag: networkMap.versionTag(over: resolved))
        let text = format == .alto ? document.altoJSON() : document.csv()
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
