import ArgumentParser
import Foundation
import Matrix
import Topology

/// How a benchmark gets its graph: generated from a seed, or read from a file.
struct GraphOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case dense, geometric
    }

    @Option(help: "Nodes in the generated graph.")
    var nodes: Int = 1000

    @Option(help: "Generated graph kind: dense (complete, random weights) or geometric (k-nearest in the unit square).")
    var kind: Kind = .dense

    @Option(help: "Average degree of a geometric graph.")
    var degree: Double = 4

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(
        help:
            "Read this graph instead: a topology file (JSON or GML; delays as weights) or an `edges` file from `generate`."
    )
    var input: String?

    var label: String {
        if let input { return "file:\(input.split(separator: "/").last.map(String.init) ?? input)" }
        return kind == .dense ? "dense-n\(nodes)-s\(seed)" : "geometric-n\(nodes)-d\(degree)-s\(seed)"
    }

    func validate() throws {
        guard nodes >= 1 else { throw ValidationError("--nodes must be at least 1") }
        guard degree > 0 else { throw ValidationError("--degree must be positive") }
    }

    func load() throws -> Graph {
        if let input, input.hasSuffix(".edges") {
            return try Self.readEdges(input)
        }
        if let input {
            let topology = try Topology.load(contentsOf: input)
            let resolved = try topology.resolved()
            return Graph(
                nodeCount: resolved.nodeIDs.count,
                arcs: resolved.arcs.map { Graph.Arc(source: $0.source, target: $0.target, weight: $0.delay) },
                algebra: .shortest)
        }
        switch kind {
        case .dense: return GraphGenerator.dense(nodes: nodes, seed: seed)
        case .geometric: return GraphGenerator.geometric(nodes: nodes, degree: degree, seed: seed)
        }
    }

    /// Reads the `edges` format of `altoplace-bench generate`.
    static func readEdges(_ path: String) throws -> Graph {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").makeIterator()
        guard let header = lines.next(), let n = Int(header.split(separator: " ").first ?? "") else {
            throw ValidationError("\(path): first line must be `nodes arcs`")
        }
        var arcs: [Graph.Arc] = []
        for (index, line) in IteratorSequence(lines).enumerated() {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let u = Int32(parts[0]), let v = Int32(parts[1]), let w = Float(parts[2]),
                u >= 0, v >= 0, Int(u) < n, Int(v) < n, w.isFinite, w >= 0
            else {
                throw ValidationError(
                    "\(path):\(index + 2): expected `source target weight` with ids below \(n) and a finite weight ≥ 0")
            }
            arcs.append(Graph.Arc(source: u, target: v, weight: w))
        }
        return Graph(nodeCount: n, arcs: arcs, algebra: .shortest)
    }
}
