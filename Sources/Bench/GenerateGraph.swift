import ArgumentParser
import Foundation
import Matrix
import Topology

/// `altoplace-bench generate`: writes a generated graph so that peers (scipy,
/// igraph) time the very same graph.
struct GenerateGraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a generated graph to a file.",
        discussion: """
            Formats: `json`, altoplace topology JSON (directed, weights as `delay` in ms); \
            `edges`, a header line `nodes arcs` then one `source target weight` line per arc \
            (0-based ids, weights printed with 9 significant digits so float32 values round-trip).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, edges
    }

    @OptionGroup var graph: GraphOptions

    @Option(help: "Output format: json or edges.")
    var format: Format = .edges

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func run() throws {
        let g = try graph.load()
        switch format {
        case .json:
            var nodes: [Topology.Node] = []
            for i in 0..<g.nodeCount {
                nodes.append(Topology.Node(id: "n\(i)", label: nil, latitude: nil, longitude: nil))
            }
            var links: [Topology.Link] = []
            links.reserveCapacity(g.arcCount)
            for u in 0..<g.nodeCount {
                for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                    links.append(
                        Topology.Link(source: u, target: Int(g.targets[a]), delay: Double(g.weights[a]), bandwidth: nil)
                    )
                }
            }
            try Topology(nodes: nodes, links: links, directed: true).jsonString().write(
                toFile: output, atomically: true, encoding: .utf8)
        case .edges:
            var text = "\(g.nodeCount) \(g.arcCount)\n"
            text.reserveCapacity(g.arcCount * 24)
            for u in 0..<g.nodeCount {
                for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                    text += "\(u) \(g.targets[a]) \(String(format: "%.9g", g.weights[a]))\n"
                }
            }
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        }
    }
}
