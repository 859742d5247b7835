import Foundation

/// Computes best-path values between every pair of nodes of a ``Graph``.
///
/// Two methods, one result:
/// - ``Method/floydWarshall``: blocked Floyd–Warshall on SIMD tile kernels,
///   O(n³), for dense graphs.
/// - ``Method/dijkstra``: Dijkstra from every source with a 4-ary heap,
///   O(n (m + n) log n), for sparse graphs.
/// ``Method/automatic`` estimates both running times from the graph's size and
/// density, with rates measured on the running machine (``MachineProfile``), and
/// takes the faster.
///
/// The engine is a plain value: configure it, then call it from any thread.
public struct AllPairsEngine: Sendable {
    /// How to compute the matrix.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case automatic
        case floydWarshall = "floyd-warshall"
        case dijkstra
    }

    /// The method; `.automatic` by default.
    public var method: Method
    /// Worker threads (≥ 1); defaults to the number of active processors.
    public var threads: Int
    /// The SIMD kernel level for Floyd–Warshall; defaults to the best the CPU runs.
    public var kernelLevel: KernelLevel

    public init(method: Method = .automatic, threads: Int? = nil, kernelLevel: KernelLevel = .best) {
        self.method = method
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.kernelLevel = kernelLevel
    }

    /// The concrete method `.automatic` resolves to for `graph`: the faster of the two
    /// by ``MachineProfile/current``, this machine's measured rates (Floyd–Warshall
    /// takes p³ / rate seconds with p = n rounded up to a tile; Dijkstra
    /// n · (2m + 5·n·log₂n) operations at the measured seconds per operation).
    public func resolvedMethod(for graph: Graph) -> Method {
        guard method == .automatic else { return method }
        let profile = MachineProfile.current
        let floyd = profile.floydWarshallSeconds(nodes: graph.nodeCount, level: kernelLevel, threads: threads)
        let dijkstra = profile.dijkstraSeconds(nodes: graph.nodeCount, arcs: graph.arcCount, threads: threads)
        return dijkstra < floyd ? .dijkstra : .floydWarshall
    }

    /// The all-pairs matrix of `graph`, in the graph's algebra.
    /// - Complexity: see ``Method``.
    public func costs(_ graph: Graph) -> CostMatrix {
        compute(graph, nextHops: false).costs
    }

    /// The all-pairs matrix and the first hop of a best path for every pair.
    public func paths(_ graph: Graph) -> AllPairsPaths {
        let result = compute(graph, nextHops: true)
        return AllPairsPaths(costs: result.costs, nextHops: result.nextHops!, method: result.method)
    }

    private func compute(_ graph: Graph, nextHops: Bool) -> (
        costs: CostMatrix, nextHops: NextHopMatrix?, method: Method
    ) {
        let chosen = resolvedMethod(for: graph)
        switch chosen {
        case .dijkstra, .automatic:
            let (costs, hops) = ParallelDijkstra(threads: threads).run(
                graph, stride: graph.nodeCount, recordFirstHops: nextHops)
            return (costs, hops.map { NextHopMatrix(count: graph.nodeCount, storage: $0) }, .dijkstra)
        case .floydWarshall:
            let costs = BlockedFloydWarshall(kernels: TileKernelTable(kernelLevel), threads: threads).run(graph)
            let hops = nextHops ? NextHopMatrix.derive(from: costs, graph: graph, threads: threads) : nil
            return (costs, hops, .floydWarshall)
        }
    }
}
