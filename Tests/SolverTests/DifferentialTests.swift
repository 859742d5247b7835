import Solver
import Testing

/// Tiny requests with every constraint family and option, each checked against an
/// exhaustive enumeration that shares no code with the solver or its validator.
enum TinyRequests {
    static let pids = ["p0", "p1", "p2", "p3"]
    /// One-way ms; p3 is cut off from p0 (nil both ways).
    static let latency: [[Double?]] = [[0, 4, 9, nil], [4, 0, 5, 8], [9, 5, 0, 3], [nil, 8, 3, 0]]
    static let gaps = [0, 1e-4, 0.01, 0.3]

    static func make(seed: UInt64) -> PlacementRequest {
        var rng = SplitMixForTests(seed: seed &* 7919 &+ 17)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + Double(rng.next() % 1000) / 1000 * (hi - lo) }
        func chance(_ p: Double) -> Bool { Double(rng.next() % 1000) / 1000 < p }
        let partial = chance(0.35)
        let nc = 2 + pick(3)
        let nf = partial ? 3 + pick(3) : 3 + pick(5)
        var clusters: [Cluster] = []
        for c in 0..<nc {
            clusters.append(
                Cluster(
                    id: "c\(c)",
                    capacity: Resources(
                        cpu: uniform(2, 6), ram: chance(0.5) ? uniform(3, 9) : nil,
                        power: chance(0.3) ? uniform(120, 200) : nil),
                    usage: chance(0.4) ? Resources(cpu: uniform(0, 1), ram: 0.5, power: 100) : nil,
                    wattsPerCpu: chance(0.7) ? uniform(5, 30) : nil, pricePerCpu: uniform(0.5, 3),
                    labels: chance(0.4) ? ["zone": chance(0.5) ? "a" : "b"] : nil,
                    pid: chance(0.9) ? pids[pick(4)] : nil))
        }
        var functions: [PlacementFunction] = []
        for f in 0..<nf {
            var fn = PlacementFunction(
                id: "f\(f)", demand: FunctionDemand(cpu: uniform(0.5, 2.5), ram: uniform(0.5, 3)))
            if chance(0.8) {
                fn.traffic = (0..<(1 + pick(2))).map { _ in
                    TrafficSource(pid: pids[pick(4)], rate: chance(0.15) ? 0 : uniform(0.5, 4))
                }
            }
            if chance(0.25) { fn.maxLatency = uniform(2, 9) }
            if chance(0.15) { fn.requireLabels = ["zone": "a"] }
            if chance(0.15) { fn.avoidLabels = ["zone": "b"] }
            if chance(0.3) { fn.costByCluster = ["c\(pick(nc))": uniform(0, 6)] }
            if chance(0.3) { fn.demandByCluster = ["c\(pick(nc))": FunctionDemand(cpu: uniform(0.3, 1.5))] }
            if chance(0.25) {
                fn.current = "c\(pick(nc))"
                fn.migrationCost = uniform(0, 5)
            }
            if partial { fn.priority = [0.1, 1, 1.9, 2, 3][pick(5)] }
            functions.append(fn)
        }
        // Colocation between f0 and f1 sometimes; anti-affinity never between the two.
        let colocated = chance(0.2)
        if colocated { functions[0].colocate = ["f1"] }
        if chance(0.4) {
            let a = 1 + pick(nf - 1), b = 2 + pick(nf - 2)
            if a != b && !(colocated && (a == 1 || b == 1)) { functions[min(a, b)].antiAffinity = ["f\(max(a, b))"] }
        }
        return PlacementRequest(
            clusters: clusters, functions: functions,
            objective: ObjectiveWeights(network: 1, price: 1, energy: 0.01, migration: 1),
            options: SolveOptions(timeLimit: 5, relativeGap: gaps[pick(gaps.count)], seed: seed, allowPartial: partial),
            network: NetworkSpec(costMatrix: InlineCostMatrix(pids: pids, costs: latency)))
    }

    /// The lexicographic optimum by enumeration: the most placed priority (every
    /// function when allowPartial is off), then the least cost; nil when nothing valid.
    static func optimum(_ request: PlacementRequest) -> (priority: Double, cost: Double, placed: Int)? {
        let fs = request.functions, cs = request.clusters
        let nf = fs.count, nc = cs.count
        let partial = request.options?.allowPartial ?? false
        let w = request.objective ?? ObjectiveWeights()
        let pidIndex = Dictionary(uniqueKeysWithValues: pids.enumerated().map { ($1, $0) })
        // Per function and cluster: allowed, cost, demand (cpu, ram, watts).
        var allowed = [[Bool]](repeating: [Bool](repeating: true, count: nc), count: nf)
        var cost = [[Double]](repeating: [Double](repeating: 0, count: nc), count: nf)
        var need = [[(Double, Double, Double)]](
            repeating: [(Double, Double, Double)](repeating: (0, 0, 0), count: nc), count: nf)
        for (f, fn) in fs.enumerated() {
            for (c, cl) in cs.enumerated() {
                let cpu = fn.demandByCluster?[cl.id]?.cpu ?? fn.demand.cpu ?? 0
                let ram = fn.demandByCluster?[cl.id]?.ram ?? fn.demand.ram ?? 0
                let watts = (cl.wattsPerCpu ?? 0) * cpu
                need[f][c] = (cpu, ram, watts)
                let labels = cl.labels ?? [:]
                if let req = fn.requireLabels, req.contains(where: { labels[$0.key] != $0.value }) {
                    allowed[f][c] = false
                }
                if let avoid = fn.avoidLabels, avoid.contains(where: { labels[$0.key] == $0.value }) {
                    allowed[f][c] = false
                }
                var network = 0.0
                for t in fn.traffic ?? [] where t.rate > 0 || fn.maxLatency != nil {
                    guard let p = cl.pid, let lat = latency[pidIndex[t.pid]!][pidIndex[p]!] else {
                        allowed[f][c] = false
                        break
                    }
                    if let bound = fn.maxLatency, lat > bound { allowed[f][c] = false }
                    network += t.rate * lat
                }
                var total = (w.network ?? 1) * network + (w.price ?? 1) * (cl.pricePerCpu ?? 0) * cpu
                total += (w.energy ?? 1) * watts + (fn.costByCluster?[cl.id] ?? 0)
                if let current = fn.current, current != cl.id { total += (w.migration ?? 1) * (fn.migrationCost ?? 0) }
                cost[f][c] = total
            }
        }
        let index = Dictionary(uniqueKeysWithValues: fs.enumerated().map { ($1.id, $0) })
        var best: (priority: Double, cost: Double, placed: Int)? = nil
        var choice = [Int](repeating: -1, count: nf)
        var load = [(Double, Double, Double)](repeating: (0, 0, 0), count: nc)
        func fits(_ c: Int) -> Bool {
            let cl = cs[c], u = cl.usage
            if let cap = cl.capacity.cpu, (u?.cpu ?? 0) + load[c].0 > cap + 1e-9 { return false }
            if let cap = cl.capacity.ram, (u?.ram ?? 0) + load[c].1 > cap + 1e-9 { return false }
            if let cap = cl.capacity.power, (u?.power ?? 0) + load[c].2 > cap + 1e-9 { return false }
            return true
        }
        func visit(_ f: Int, _ priority: Double, _ total: Double, _ placed: Int) {
            if f == nf {
                // Colocation and anti-affinity, on the finished choice.
                for (k, fn) in fs.enumerated() {
                    for o in fn.colocate ?? [] where choice[k] != choice[index[o]!] { return }
                    for o in fn.antiAffinity ?? [] where choice[k] >= 0 && choice[k] == choice[index[o]!] { return }
                }
                let better: Bool
                if let b = best {
                    if priority > b.priority + 1e-9 {
                        better = true
                    } else if priority < b.priority - 1e-9 {
                        better = false
                    } else {
                        better = total < b.cost - 1e-12
                    }
                } else {
                    better = true
                }
                if better { best = (priority, total, placed) }
                return
            }
            for c in 0..<nc where allowed[f][c] {
                choice[f] = c
                load[c].0 += need[f][c].0
                load[c].1 += need[f][c].1
                load[c].2 += need[f][c].2
                if fits(c) { visit(f + 1, priority + (fs[f].priority ?? 1), total + cost[f][c], placed + 1) }
                load[c].0 -= need[f][c].0
                load[c].1 -= need[f][c].1
                load[c].2 -= need[f][c].2
            }
            if partial {
                choice[f] = -1
                visit(f + 1, priority, total, placed)
            }
            choice[f] = -1
        }
        visit(0, 0, 0, 0)
        return best
    }
}

@Suite("Differential: the solver against exhaustive enumeration")
struct DifferentialTests {
    @Test("tiny requests of every constraint family, option and gap agree with brute force", arguments: 0..<320)
    func agreesWithBruteForce(seed: Int) throws {
        let request = TinyRequests.make(seed: UInt64(seed))
        let partial = request.options?.allowPartial ?? false
        let gap = request.options?.relativeGap ?? 1e-4
        let latency = try LatencyTable.load(request.network)
        let result = try PlacementSolver().solve(request)
        let expected = TinyRequests.optimum(request)
        let label =
            "seed \(seed) partial \(partial) gap \(gap) status \(result.status) objective \(result.objective?.total ?? -1) bound \(result.lowerBound ?? -1) expected \(String(describing: expected)) unplaced \(result.unplaced.count)"
        // Every function accounted for, every constraint held, the objective recomputed.
        let report = PlacementValidator.check(request, latency: latency, result: result)
        #expect(report.violations.isEmpty, "\(label): \(report.violations)")
        let ids = Set(request.functions.map(\.id))
        #expect(Set(result.assignments.map(\.function)).union(result.unplaced.map(\.function)) == ids, "\(label)")
        let total = result.objective?.total
        if let expected, !partial || expected.placed > 0 {
            // A placement exists: never infeasible, and with the most priority.
            #expect(result.status != .infeasible, "\(label)")
            let objective = try #require(total, "\(label)")
            let placedPriority = result.assignments.reduce(0.0) { sum, a in
                sum + (request.functions.first { $0.id == a.function }?.priority ?? 1)
            }
            #expect(abs(placedPriority - expected.priority) <= 1e-9, "\(label): placed priority")
            #expect(objective >= expected.cost - 1e-6 * max(1, expected.cost), "\(label): below the optimum")
            if let bound = result.lowerBound {
                #expect(bound <= expected.cost + 1e-6 * max(1, expected.cost), "\(label): bound above the optimum")
                let reported = try #require(result.relativeGap)
                let recomputed = objective == 0 ? 0 : max(0, objective - bound) / abs(objective)
                #expect(abs(reported - recomputed) <= 1e-12, "\(label): relativeGap")
            }
            if result.status == .optimal {
                let bound = try #require(result.lowerBound, "\(label): optimal without a bound")
                #expect(objective - bound <= gap * objective + 1e-7 * max(1, objective), "\(label)")
                #expect(
                    objective <= expected.cost * (1 + gap) + 1e-6 * max(1, expected.cost), "\(label): not within gap")
            }
            // Tiny models are settled well within the limit.
            #expect(result.status == .optimal, "\(label)")
        } else {
            // No complete placement (or, partial, nothing placeable at all).
            if partial {
                #expect(result.assignments.isEmpty, "\(label)")
            } else {
                #expect(result.status == .infeasible, "\(label)")
                #expect(!(result.infeasibility ?? []).isEmpty, "\(label)")
            }
        }
    }
}
