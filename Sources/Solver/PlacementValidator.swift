/// Checks a result against every constraint of its request and recomputes the
/// objective, from the request itself (not from the solver's compiled model), so a
/// bug in compilation or search cannot hide.
public enum PlacementValidator {
    /// What the check found.
    public struct Report: Sendable, Hashable {
        /// One sentence per broken constraint; empty when the result is valid.
        public var violations: [String]
        /// The objective recomputed from the request, for the placed functions.
        public var objective: Double
    }

    /// Checks `result` against `request`; `latency` is the request's network
    /// (``LatencyTable/load(_:)``), nil when it has none.
    /// - Complexity: O(functions · (traffic + constraints) + clusters).
    public static func check(_ request: PlacementRequest, latency: LatencyTable?, result: PlacementResult) -> Report {
        var v: [String] = []
        let clusters = Dictionary(request.clusters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let functions = Dictionary(request.functions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var placed: [String: String] = [:]
        for a in result.assignments {
            if functions[a.function] == nil { v.append("assignment names unknown function \"\(a.function)\"") }
            if clusters[a.cluster] == nil { v.append("assignment names unknown cluster \"\(a.cluster)\"") }
            if placed[a.function] != nil { v.append("function \"\(a.function)\" is assigned more than once") }
            placed[a.function] = a.cluster
        }
        let unplaced = Set(result.unplaced.map(\.function))
        let partial = request.options?.allowPartial ?? false
        let claimsPlacement =
            result.status != .infeasible && !(result.assignments.isEmpty && !request.functions.isEmpty)
        if claimsPlacement {
            for f in request.functions where placed[f.id] == nil {
                if !unplaced.contains(f.id) {
                    v.append("function \"\(f.id)\" is neither assigned nor listed as unplaced")
                } else if !partial {
                    v.append("function \"\(f.id)\" is unplaced but allowPartial is off")
                }
            }
        }
        let w = request.objective ?? ObjectiveWeights()
        var total = 0.0
        var load: [String: (cpu: Double, ram: Double, power: Double)] = [:]
        for f in request.functions {
            guard let cid = placed[f.id], let c = clusters[cid] else { continue }
            let d = f.demandByCluster?[cid]
            let cpu = d?.cpu ?? f.demand.cpu ?? 0
            let ram = d?.ram ?? f.demand.ram ?? 0
            let watts = (c.wattsPerCpu ?? 0) * cpu
            var l = load[cid] ?? (0, 0, 0)
            l.cpu += cpu
            l.ram += ram
            l.power += watts
            load[cid] = l
            let labels = c.labels ?? [:]
            for (k, value) in f.requireLabels ?? [:] where labels[k] != value {
                v.append("function \"\(f.id)\" requires label \(k)=\(value) but cluster \"\(cid)\" lacks it")
            }
            for (k, value) in f.avoidLabels ?? [:] where labels[k] == value {
                v.append("function \"\(f.id)\" avoids label \(k)=\(value) but cluster \"\(cid)\" has it")
            }
            var network = 0.0
            for t in f.traffic ?? [] where t.rate > 0 {
                guard let pid = c.pid, let lat = latency?.latency(t.pid, pid), lat.isFinite else {
                    v.append("function \"\(f.id)\" has traffic from \"\(t.pid)\" that cannot reach cluster \"\(cid)\"")
                    continue
                }
                if let bound = f.maxLatency, lat > bound + 1e-9 {
                    v.append(
                        "function \"\(f.id)\": latency \(lat) ms from \"\(t.pid)\" to \"\(cid)\" exceeds maxLatency \(bound)"
                    )
                }
                network += t.rate * lat
            }
            total += (w.network ?? 1) * network + (w.price ?? 1) * (c.pricePerCpu ?? 0) * cpu + (w.energy ?? 1) * watts
            if let current = f.current, current != cid { total += (w.migration ?? 1) * (f.migrationCost ?? 0) }
            total += f.costByCluster?[cid] ?? 0
            for other in f.antiAffinity ?? [] where placed[other] == cid {
                v.append("anti-affine functions \"\(f.id)\" and \"\(other)\" share cluster \"\(cid)\"")
            }
            for other in f.colocate ?? [] where placed[other] != nil && placed[other] != cid {
                v.append("colocated functions \"\(f.id)\" and \"\(other)\" are on different clusters")
            }
        }
        for (cid, l) in load.sorted(by: { $0.key < $1.key }) {
            guard let c = clusters[cid] else { continue }
            let checks: [(String, Double?, Double, Double)] = [
                ("cpu", c.capacity.cpu, c.usage?.cpu ?? 0, l.cpu), ("ram", c.capacity.ram, c.usage?.ram ?? 0, l.ram),
                ("power", c.capacity.power, c.usage?.power ?? 0, l.power),
            ]
            for (name, cap, use, add) in checks {
                if let cap, use + add > cap + 1e-6 * max(1, cap) {
                    v.append("cluster \"\(cid)\" \(name): \(use) in use + \(add) placed exceeds capacity \(cap)")
                }
            }
        }
        if let reported = result.objective?.total, abs(reported - total) > 1e-6 * max(1, abs(total)) {
            v.append("reported objective \(reported) differs from the recomputed \(total)")
        }
        if let bound = result.lowerBound, let reported = result.objective?.total,
            bound > reported + 1e-6 * max(1, abs(reported))
        {
            v.append("lower bound \(bound) is above the objective \(reported)")
        }
        return Report(violations: v, objective: total)
    }
}
