import Matrix
import Topology

/// Seeded placement instances for benchmarks: generalised-assignment-like, with
/// capacities scaled so total demand is `tightness` of total free capacity.
public enum InstanceGenerator {
    /// - Parameters:
    ///   - resources: 1 (cpu only) or 3 (cpu, ram, power).
    ///   - heterogeneous: demands vary per cluster (`demandByCluster`).
    ///   - withNetwork: a geometric topology of `clusters * 2` nodes; functions send
    ///     traffic from 1–3 random nodes.
    ///   - costsPerFunction: how many clusters get a `costByCluster` entry per function
    ///     (licence or egress fees); nil, the default, gives every cluster one. A
    ///     request with a dense map for 100,000 functions on 1,000 clusters would hold
    ///     100 million entries, so batches of that size use a few per function.
    public static func make(
        functions nf: Int, clusters nc: Int, tightness: Double, resources: Int = 1, heterogeneous: Bool = true,
        withNetwork: Bool = false, seed: UInt64, timeLimit: Double = 10, costsPerFunction: Int? = nil
    ) -> PlacementRequest {
        var rng = SplitMix64(seed: seed)
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + Double(rng.nextFloat(in: 0..<1)) * (hi - lo) }
        var topology: ResolvedTopology? = nil
        var pids: [String] = []
        if withNetwork {
            let links = networkLinks(clusters: nc, seed: seed)
            pids = links.pids
            var arcs: [ResolvedTopology.Arc] = []
            for (u, v, delay) in links.links {
                arcs.append(.init(source: Int32(u), target: Int32(v), delay: delay))
                arcs.append(.init(source: Int32(v), target: Int32(u), delay: delay))
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
            if let k = costsPerFunction {
                for _ in 0..<max(0, min(k, nc)) { costs[clusterIDs[Int(rng.next() % UInt64(nc))]] = uniform(5, 50) }
            } else {
                for c in clusterIDs { costs[c] = uniform(5, 50) }
            }
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

    /// The generated network of `make(…, withNetwork: true)`: a connected geometric
    /// graph of `clusters * 2` nodes `n0, n1, …`, each link both ways with a delay in ms.
    static func networkLinks(clusters nc: Int, seed: UInt64) -> (pids: [String], links: [(Int, Int, Float)]) {
        let g = GraphGenerator.geometric(nodes: nc * 2, degree: 4, seed: seed)
        var links: [(Int, Int, Float)] = []
        for u in 0..<g.nodeCount {
            for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) where Int(g.targets[a]) > u {
                links.append((u, Int(g.targets[a]), g.weights[a] / 10))
            }
        }
        return ((0..<g.nodeCount).map { "n\($0)" }, links)
    }

    /// The same network as a topology JSON document (undirected links with `delay` in
    /// ms), so that a saved request can name it as `network.topologyFile` instead of
    /// inlining a dense cost matrix over every pair of PIDs.
    public static func networkTopologyJSON(clusters nc: Int, seed: UInt64) -> String {
        let (pids, links) = networkLinks(clusters: nc, seed: seed)
        var out = "{\n  \"directed\": false,\n  \"nodes\": [\n"
        out += pids.map { "    {\"id\": \"\($0)\"}" }.joined(separator: ",\n")
        out += "\n  ],\n  \"links\": [\n"
        out += links.map { "    {\"source\": \"n\($0.0)\", \"target\": \"n\($0.1)\", \"delay\": \($0.2)}" }.joined(
            separator: ",\n")
        return out + "\n  ]\n}\n"
    }
}
