extension Topology {
    /// Everything that makes this topology invalid: the rules the parsers enforce, applied
    /// to a value that may have been built or edited in code. Elements are named
    /// `nodes[i]` and `links[i]`; there are no lines.
    ///
    /// - Complexity: O(nodes + links).
    public func validationProblems() -> [TopologyError.Problem] {
        var problems: [TopologyError.Problem] = []
        var firstIndex: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            let element = "nodes[\(index)]"
            if node.id.isEmpty {
                problems.append(.init(element: element, message: "id is empty"))
            }
            if let first = firstIndex[node.id] {
                problems.append(
                    .init(element: element, message: "duplicate node id \"\(node.id)\" (first at nodes[\(first)])"))
            } else {
                firstIndex[node.id] = index
            }
            for problem in TopologyFormat.coordinateProblems(
                latitude: node.latitude, longitude: node.longitude, latitudeKey: "latitude", longitudeKey: "longitude")
            {
                problems.append(.init(element: element, message: problem.message))
            }
        }
        for (index, link) in links.enumerated() {
            let element = "links[\(index)]"
            for (name, endpoint) in [("source", link.source), ("target", link.target)]
            where !nodes.indices.contains(endpoint) {
                problems.append(
                    .init(element: element, message: "\(name) \(endpoint) is not a node index (0..<\(nodes.count))"))
            }
            if let delay = link.delay, let problem = TopologyFormat.delayProblem(delay, key: "delay") {
                problems.append(.init(element: element, message: problem))
            }
            if let bandwidth = link.bandwidth,
                let problem = TopologyFormat.bandwidthProblem(bandwidth, key: "bandwidth", unit: "Mbit/s")
            {
                problems.append(.init(element: element, message: problem))
            }
        }
        return problems
    }
}
