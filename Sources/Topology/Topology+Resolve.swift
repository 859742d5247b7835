extension Topology {
    /// The topology as directed arcs that all have a delay, ready for the cost-matrix engine.
    ///
    /// **Arcs.** An undirected link becomes two arcs, one each way; a directed link one arc,
    /// from `source` to `target`. Self-loops are dropped. Parallel links (the same pair of
    /// nodes; in an undirected topology A–B parallels B–A) merge into one, keeping the best
    /// of each metric separately: the lowest delay and the highest bandwidth, where a known
    /// bandwidth beats an unknown one. Arcs come sorted by (source, target).
    ///
    /// **Delays.** A link's delay is its explicit `delay` if it has one (0 is allowed, for
    /// co-located nodes). Otherwise it is the great-circle (haversine) distance between its
    /// endpoints on a sphere of radius 6371 km, divided by 200 km/ms, the speed of light in
    /// fibre.
    ///
    /// **Nodes without coordinates.** Such a node is placed at the spherical mean (the
    /// normalised sum of unit vectors) of its neighbours, in either direction, that have a
    /// position. Placement goes in rounds: each round places every node with at least one
    /// positioned neighbour, using only positions known when the round began, so the result
    /// does not depend on node order. Rounds repeat until no more nodes can be placed.
    /// Placement runs only if some link lacks a delay.
    ///
    /// **What is reported.** Every placed node whose position was used (for a derived delay,
    /// or to place such a node) gets a warning naming it and its neighbour count. A link
    /// with no delay whose endpoints cannot both be placed takes `options.defaultDelay`,
    /// with a warning; without a default it is an error naming the link. Dropped self-loops
    /// and merged parallel links are warned about too. Nothing is filled in silently.
    ///
    /// - Throws: ``TopologyError`` with source `topology`, listing every link that has no
    ///   usable delay, or every ``validationProblems()`` if the topology is invalid.
    /// - Complexity: O((nodes + links) log links) when every node has coordinates; placement
    ///   adds O(links) in typical graphs and O(Σ degree²) at worst.
    public func resolved(_ options: ResolutionOptions = .init()) throws(TopologyError) -> ResolvedTopology {
        var problems = validationProblems()
        if let fallback = options.defaultDelay, let problem = TopologyFormat.delayProblem(fallback, key: "defaultDelay")
        {
            problems.append(.init(element: "ResolutionOptions", message: problem))
        }
        if nodes.count > Int(Int32.max) {
            problems.append(.init(message: "\(nodes.count) nodes is more than Int32 indices can address"))
        }
        guard problems.isEmpty else { throw TopologyError(source: Self.resolutionSource, problems: problems) }

        var warnings: [String] = []
        let positions = placedPositions(warnings: &warnings)

        // Merge parallel links, deriving delays as needed.
        struct MergedLink {
            var first: Int
            var a: Int
            var b: Int
            var delay: Double
            var bandwidth: Double?
        }
        var merged: [MergedLink] = []
        var slotForPair: [Int64: Int] = [:]
        for (index, link) in links.enumerated() {
            let element = "links[\(index)]"
            guard link.source != link.target else {
                warnings.append("\(element) is a self-loop on node \(describe(link.source)); dropped")
                continue
            }
            let delay: Double
            if let explicit = link.delay {
                delay = explicit
            } else if let from = positions[link.source], let to = positions[link.target] {
                delay = Geodesy.delay(from, to)
            } else {
                let unplaced = [link.source, link.target].filter { positions[$0] == nil }.map { "\"\(nodes[$0].id)\"" }
                let why =
                    unplaced.count == 1
                    ? "node \(unplaced[0]) has no position"
                    : "nodes \(unplaced.joined(separator: " and ")) have no position"
                guard let fallback = options.defaultDelay else {
                    problems.append(
                        .init(
                            element: element,
                            message: "no delay, and \(why) (no coordinates and no positioned neighbour); "
                                + "give the link a delay, give the node coordinates, or set a default delay"))
                    continue
                }
                warnings.append(
                    "\(element) (\(pairText(link))) has no delay and \(why); "
                        + "used the default delay of \(TopologyFormat.numberText(fallback)) ms")
                delay = fallback
            }
            guard Float(delay).isFinite, Float(link.bandwidth ?? 0).isFinite else {
                problems.append(.init(element: element, message: "delay or bandwidth too large for a Float"))
                continue
            }
            let (a, b) =
                directed ? (link.source, link.target) : (min(link.source, link.target), max(link.source, link.target))
            let key = Int64(a) << 32 | Int64(b)
            if let slot = slotForPair[key] {
                merged[slot].delay = min(merged[slot].delay, delay)
                merged[slot].bandwidth = [merged[slot].bandwidth, link.bandwidth].compactMap { $0 }.max()
                warnings.append(
                    "\(element) parallels links[\(merged[slot].first)] (\(pairText(link))); "
                        + "merged, keeping the lower delay and the higher bandwidth")
            } else {
                slotForPair[key] = merged.count
                merged.append(MergedLink(first: index, a: a, b: b, delay: delay, bandwidth: link.bandwidth))
            }
        }
        guard problems.isEmpty else { throw TopologyError(source: Self.resolutionSource, problems: problems) }

        var arcs: [ResolvedTopology.Arc] = []
        arcs.reserveCapacity(directed ? merged.count : 2 * merged.count)
        for link in merged {
            let delay = Float(link.delay)
            let bandwidth = link.bandwidth.map(Float.init)
            arcs.append(.init(source: Int32(link.a), target: Int32(link.b), delay: delay, bandwidth: bandwidth))
            if !directed {
                arcs.append(.init(source: Int32(link.b), target: Int32(link.a), delay: delay, bandwidth: bandwidth))
            }
        }
        arcs.sort { ($0.source, $0.target) < ($1.source, $1.target) }
        return ResolvedTopology(nodeIDs: nodes.map(\.id), arcs: arcs, warnings: warnings)
    }

    /// `source` of errors thrown by ``resolved(_:)``, which has no file name.
    static let resolutionSource = "topology"

    /// Each node's position: its coordinates, or one placed from its neighbours as
    /// ``resolved(_:)`` describes, or `nil`. Appends a warning for each placed node whose
    /// position is used.
    private func placedPositions(warnings: inout [String]) -> [Geodesy.Position?] {
        var positions: [Geodesy.Position?] = nodes.map { node in
            guard let latitude = node.latitude, let longitude = node.longitude else { return nil }
            return Geodesy.Position(latitude: latitude, longitude: longitude)
        }
        // Nodes whose position a derived delay needs.
        var needed = [Bool](repeating: false, count: nodes.count)
        for link in links where link.delay == nil && link.source != link.target {
            needed[link.source] = true
            needed[link.target] = true
        }
        // Nodes that may be placeable this round: at first all unplaced ones, later only the
        // unplaced neighbours of nodes placed in the round before.
        var candidates = nodes.indices.filter { positions[$0] == nil }
        guard needed.contains(true), !candidates.isEmpty else { return positions }

        var neighbours = [Set<Int>](repeating: [], count: nodes.count)
        for link in links where link.source != link.target {
            neighbours[link.source].insert(link.target)
            neighbours[link.target].insert(link.source)
        }
        // For each placed node, the neighbours it was placed from.
        var placedFrom: [Int: [Int]] = [:]
        while !candidates.isEmpty {
            var round: [(node: Int, position: Geodesy.Position, from: [Int])] = []
            for node in candidates {
                let known = neighbours[node].filter { positions[$0] != nil }.sorted()
                guard !known.isEmpty else { continue }
                round.append((node, Geodesy.sphericalMean(known.map { positions[$0]! }), known))
            }
            for placement in round {
                positions[placement.node] = placement.position
                placedFrom[placement.node] = placement.from
            }
            var next = Set<Int>()
            for placement in round {
                next.formUnion(neighbours[placement.node].filter { positions[$0] == nil })
            }
            candidates = next.sorted()
        }

        // Warn about placed nodes that matter: needed ones, and those they were placed from.
        var used = [Bool](repeating: false, count: nodes.count)
        var stack = placedFrom.keys.filter { needed[$0] }
        while let node = stack.popLast() {
            guard !used[node] else { continue }
            used[node] = true
            stack += (placedFrom[node] ?? []).filter { placedFrom[$0] != nil }
        }
        for node in nodes.indices where used[node] {
            let from = placedFrom[node]!
            let estimated = from.filter { placedFrom[$0] != nil }.count
            let position = positions[node]!
            var text =
                "node \(describe(node)) has no coordinates; placed at the spherical mean of \(from.count) "
                + (from.count == 1 ? "neighbour" : "neighbours")
            if estimated > 0 {
                text +=
                    from.count == 1 ? " (itself placed the same way)" : " (\(estimated) of them placed the same way)"
            }
            text +=
                ", at latitude \(Self.degreesText(position.latitude)), longitude \(Self.degreesText(position.longitude))"
            warnings.append(text)
        }
        return positions
    }

    /// `"12" (label "Vienna")`, or just `"12"` when the label is missing or equal to the id.
    private func describe(_ index: Int) -> String {
        let node = nodes[index]
        guard let label = node.label, label != node.id else { return "\"\(node.id)\"" }
        return "\"\(node.id)\" (label \"\(label)\")"
    }

    /// `"A"–"B"`, or `"A"→"B"` in a directed topology; labels follow ids that differ from them:
    /// `"2" (Amsterdam)–"4" (Frankfurt)`.
    private func pairText(_ link: Link) -> String {
        func name(_ index: Int) -> String {
            let node = nodes[index]
            guard let label = node.label, label != node.id else { return "\"\(node.id)\"" }
            return "\"\(node.id)\" (\(label))"
        }
        return name(link.source) + (directed ? "→" : "–") + name(link.target)
    }

    private static func degreesText(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return "\(rounded)"
    }
}
