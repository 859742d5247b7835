import Matrix

/// Seeded placement instances for benchmarks: generalised-assignment-like, with
/// capacities scaled so total demand is `tightness` of total free capacity.
public enum InstanceGenerator {
    /// - Parameters:
    ///   - resources: 1 (cpu only) or 3 (cpu, ram, power).
    ///   - heterogeneous: demands vary per cluster (`demandByCluster`).
    ///   - withNetwork: a geometric topology of `clusters * 2` nodes; functions send
    ///     traffic from 1–3 random nodes; otherwise costs come from `costByCluster`.
    public static func make(
        functions nf: Int, clusters nc: Int, tightness: Double, resources: Int = 1, heterogeneous: Bool = true,
        withNetwork: Bool = false, seed: UInt64, timeLimit: Double = 10
    ) -> PlacementRequest {
        var rng = SplitMix64(seed: seed)
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + Double(rng.nextFloat(in: 0..<1)) * (hi - lo) }
        var topology: ResolvedTopology? = nil
        var pids: [String] = []
        if withNetwork {
            let g = GraphGenerator.geometric(nodes: nc * 2, degree: 4, seed: seed)
            pids = (0..<g.nodeCount).map { "n\($0)" }
            var arcs: [ResolvedTopology.Arc] = []
            for u in 0..<g.nodeCount {
                for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                    // Both ways: k-nearest arcs alone leave some nodes unreachable.
                    arcs.append(.init(source: Int32(u), target: g.targets[a], delay: g.weights[a] / 10))
                    arcs.append(.init(source: g.targets[a], target: Int32(u), delay: g.weights[a] / 10))
                }
            }
            topology = ResolvedTopology(nodeIDs: pids, arcs: arcs)
        }
        var network: NetworkSpec? = nil
        if let topology, let table = try? LatencyTable(topology: topology) {
            let n = table.pids.count
            let costs = (0..<n).map { i in
                (0..<n).map { j -> Double? in table.values[i * n + j].isFinite ? table.values[i * n + j] : nil }
            }
            network = NetworkSpec(costMatrix: InlineCostMatrix(pids: table.pids, costs: costs))
        }
        let clusterIDs = (0..<nc).map { "c\($0)" }
        var functions: [PlacementFunction] = []
        var totalCpu = 0.0, totalRam = 0.0
        for f in 0..<nf {
            let cpu = uniform(1, 8)
            let ram = uniform(1, 16)
            totalCpu += cpu
            totalRam += ram
            var fn = PlacementFunction(id: "f\(f)", demand: FunctionDemand(cpu: cpu, ram: resources >= 2 ? ram : nil))
            if heterogeneous {
                var by: [String: FunctionDemand] = [:]
                for c in clusterIDs where rng.next() % 3 == 0 { by[c] = FunctionDemand(cpu: cpu * uniform(0.6, 1.4)) }
                fn.demandByCluster = by
            }
            var costs: [String: Double] = [:]
            for c in clusterIDs { costs[c] = uniform(5, 50) }
            fn.costByCluster = costs
            if withNetwork {
                fn.traffic = (0..<(1 + Int(rng.next() % 3))).map { _ in
                    TrafficSource(pid: pids[Int(rng.next() % UInt64(pids.count))], rate: uniform(0.5, 5))
                }
            }
            functions.append(fn)
        }
        var clusters: [Cluster] = []
        for (c, id) in clusterIDs.enumerated() {
            let share = 1 / Double(nc) / tightness
            let watts = resources >= 3 ? uniform(5, 15) : nil
            clusters.append(
                Cluster(
                    id: id,
                    capacity: Resources(
                        cpu: totalCpu * share * uniform(0.8, 1.2),
                        ram: resources >= 2 ? totalRam * share * uniform(0.8, 1.2) : nil,
                        power: resources >= 3 ? totalCpu * share * 12 : nil),
                    wattsPerCpu: watts, pricePerCpu: uniform(0.5, 2), pid: withNetwork ? pids[c * 2] : nil))
        }
        return PlacementRequest(
            clusters: clusters, functions: functions, objective: ObjectiveWeights(network: 1, price: 1, energy: 0.01),
            options: SolveOptions(timeLimit: timeLimit, relativeGap: 1e-4, seed: seed), network: network)
    }
}
