public import Matrix
public import Topology

/// Latency in ms between PIDs, from a topology or an inline matrix.
public struct LatencyTable: Sendable {
    /// PID names, in matrix order.
    public let pids: [String]
    /// Row-major `pids.count²` latencies (ms); `+infinity` where unreachable.
    public let values: [Double]
    let index: [String: Int]

    public init(pids: [String], values: [Double]) {
        precondition(values.count == pids.count * pids.count)
        self.pids = pids
        self.values = values
        index = Dictionary(pids.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The routing-cost (one-way delay) matrix of a topology; PIDs are node ids.
    public init(topology: ResolvedTopology, threads: Int? = nil) throws(PlacementError) {
        let graph: Graph
        do { graph = try topology.graph(for: .routingcost) } catch { throw .network("\(error)") }
        self.init(matrix: AllPairsEngine(threads: threads).costs(graph), pids: topology.nodeIDs)
    }

    /// The table of a routingcost matrix, values widened as ``widened(_:)`` says.
    public init(matrix: CostMatrix, pids: [String]) {
        let n = matrix.count
        var values = [Double](repeating: .infinity, count: n * n)
        for i in 0..<n {
            for j in 0..<n where matrix.isReachable(i, j) { values[i * n + j] = Self.widened(matrix[i, j]) }
        }
        self.init(pids: pids, values: values)
    }

    /// A `Float` cost as the `Double` nearest its value at 7 significant digits (what a
    /// `Float` holds), so 0.6 ms stays 0.6 rather than 0.6000000238 in every cost built
    /// on it. Infinity (unreachable) stays infinity.
    public static func widened(_ value: Float) -> Double {
        let v = Double(value)
        guard v.isFinite, v != 0 else { return v }
        var scale = 1.0
        var magnitude = abs(v)
        while magnitude >= 1e7 {
            magnitude /= 10
            scale /= 10
        }
        while magnitude < 1e6 {
            magnitude *= 10
            scale *= 10
        }
        return (v * scale).rounded() / scale
    }

    /// The latency from `a` to `b`, `+infinity` when unreachable, nil for unknown PIDs.
    public func latency(_ a: String, _ b: String) -> Double? {
        guard let i = index[a], let j = index[b] else { return nil }
        return values[i * pids.count + j]
    }

    /// Whether the PID is known.
    public func contains(_ pid: String) -> Bool { index[pid] != nil }

    /// Builds the table a request's `network` names (nil when it has none).
    public static func load(_ spec: NetworkSpec?) throws(PlacementError) -> LatencyTable? {
        guard let spec else { return nil }
        if let file = spec.topologyFile {
            do {
                return try LatencyTable(topology: try Topology.load(contentsOf: file).resolved())
            } catch let error as PlacementError {
                throw error
            } catch {
                throw .network("\(error)")
            }
        }
        if let inline = spec.costMatrix {
            let n = inline.pids.count
            // Checked here, not only by the request's validation: this runs first.
            guard inline.costs.count == n, inline.costs.allSatisfy({ $0.count == n }) else {
                throw .network("network.costMatrix.costs must be \(n) rows of \(n) values, one per pid")
            }
            guard Set(inline.pids).count == n else { throw .network("network.costMatrix.pids has duplicates") }
            var values = [Double](repeating: .infinity, count: n * n)
            for i in 0..<n { for j in 0..<n { values[i * n + j] = inline.costs[i][j] ?? .infinity } }
            return LatencyTable(pids: inline.pids, values: values)
        }
        return nil
    }
}
