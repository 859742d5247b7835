public import Topology

extension ResolvedTopology {
    /// The graph whose all-pairs values are `metric`: delays (ms) for
    /// `.routingcost`, 1 per arc for `.hopcount`, capacities (Mbit/s) for `.bandwidth`.
    ///
    /// - Parameter defaultBandwidth: Mbit/s for arcs whose links gave no bandwidth;
    ///   without it such arcs make `.bandwidth` fail rather than guess.
    /// - Throws: ``TopologyError`` naming the arcs without bandwidth (at most 5 listed).
    /// - Complexity: O(m log m).
    public func graph(for metric: CostMetric, defaultBandwidth: Double? = nil) throws(TopologyError) -> Graph {
        let n = nodeIDs.count
        switch metric {
        case .routingcost:
            return Graph(
                nodeCount: n, arcs: arcs.map { .init(source: $0.source, target: $0.target, weight: $0.delay) },
                algebra: .shortest)
        case .hopcount:
            return Graph(
                nodeCount: n, arcs: arcs.map { .init(source: $0.source, target: $0.target, weight: 1) },
                algebra: .shortest)
        case .bandwidth:
            if let defaultBandwidth, !(defaultBandwidth.isFinite && defaultBandwidth > 0) {
                throw TopologyError(
                    source: "topology", line: nil, element: nil,
                    message: "default bandwidth must be a positive number of Mbit/s, got \(defaultBandwidth)")
            }
            let missing = arcs.filter { $0.bandwidth == nil }
            if !missing.isEmpty && defaultBandwidth == nil {
                let names = missing.prefix(5).map { "\(nodeIDs[Int($0.source)])->\(nodeIDs[Int($0.target)])" }
                throw TopologyError(
                    source: "topology", line: nil, element: nil,
                    message:
                        "\(missing.count) of \(arcs.count) arcs have no bandwidth (\(names.joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); give every link a bandwidth or set a default bandwidth"
                )
            }
            let fallback = Float(defaultBandwidth ?? 0)
            return Graph(
                nodeCount: n,
                arcs: arcs.map { .init(source: $0.source, target: $0.target, weight: $0.bandwidth ?? fallback) },
                algebra: .widest)
        }
    }
}
