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

    /// Checks a bare placement (function → cluster) against every constraint of the
    /// request and recomputes its objective; it says nothing of statuses, bounds or
    /// unplaced functions (``check(_:latency:result:)`` does).
    /// - Complexity: O(functions · (traffic + constraints) + clusters).
    public static func checkAssignments(
        _ request: PlacementRequest, latency: LatencyTable?, assignments: [PlacementResult.Assignment]
    ) -> Report {
        let result = PlacementResult(
            status: .feasible, objective: nil, lowerBound: nil, relativeGap: nil, assignments: assignments,
            utilisation: [], unplaced: [], infeasibility: nil,
            statistics: .init(seconds: [:], nodes: 0, incumbentMethod: "", boundIterations: 0))
        return check(request, latency: latency, result: result, placementOnly: true)
    }

    /// Checks `result` against `request`; `latency` is the request's network
    /// (``LatencyTable/load(_:)``), nil when it has none.
    /// - Complexity: O(functions · (traffic + constraints) + clusters).
    public static func check(_ request: PlacementRequest, latency: LatencyTable?, result: PlacementResult) -> Report {
        check(request, latency: latency, result: result, placementOnly: false)
    }

    private static func check(
        _ request: PlacementRequest, latency: LatencyTable?, result: PlacementResult, placementOnly: Bool
    ) -> Report {
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
        var unplaced = Set<String>()
        for u in result.unplaced {
            if functions[u.function] == nil { v.append("unplaced names unknown function \"\(u.function)\"") }
            if !unplaced.insert(u.function).inserted {
                v.append("function \"\(u.function)\" is unplaced more than once")
            }
            if placed[u.function] != nil { v.append("function \"\(u.function)\" is both assigned and unplaced") }
            if u.reason.isEmpty { v.append("unplaced function \"\(u.function)\" has no reason") }
        }
        let partial = request.options?.allowPartial ?? false
        // Every function is accounted for: assigned, or listed as unplaced with a reason.
        for f in request.functions where !placementOnly && placed[f.id] == nil && !unplaced.contains(f.id) {
            v.append("function \"\(f.id)\" is neither assigned nor listed as unplaced")
        }
        if placementOnly {
            // A bare placement: statuses and unplaced functions are not its business.
        } else if result.objective != nil {
            // A placement: functions may be left out only under allowPartial.
            if !partial, let f = result.unplaced.first {
                v.append("function \"\(f.function)\" is unplaced but allowPartial is off")
            }
            if result.status == .infeasible { v.append("status is infeasible but the result has a placement") }
        } else {
            // No placement: only an infeasible or timed-out search may end this way.
            if result.status != .infeasible && result.status != .timeLimit {
                v.append("status \(result.status.rawValue) comes without an objective")
            }
            if !result.assignments.isEmpty { v.append("assignments are given without an objective") }
        }
        if !placementOnly, result.status == .infeasible, !request.functions.isEmpty,
            request.functions.allSatisfy({ placed[$0.id] != nil })
        {
            v.append("status is infeasible but every function is assigned")
        }
        let w = request.objective ?? ObjectiveWeights()
        var total = 0.0
        var terms = (network: 0.0, price: 0.0, energy: 0.0, migration: 0.0, extra: 0.0)
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
            for t in f.traffic ?? [] where t.rate > 0 || f.maxLatency != nil {
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
            terms.network += (w.network ?? 1) * network
            terms.price += (w.price ?? 1) * (c.pricePerCpu ?? 0) * cpu
            terms.energy += (w.energy ?? 1) * watts + (w.carbon ?? 0) * watts * (c.carbonIntensity ?? 0) / 1000
            if let current = f.current, current != cid {
                terms.migration += (w.migration ?? 1) * (f.migrationCost ?? 0)
            }
            terms.extra += f.costByCluster?[cid] ?? 0
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
        total = terms.network + terms.price + terms.energy + terms.migration + terms.extra
        // Utilisation, when reported: one entry per cluster, used = usage + placed load.
        if !placementOnly && !result.utilisation.isEmpty {
            var seenClusters = Set<String>()
            for u in result.utilisation {
                guard let c = clusters[u.cluster] else {
                    v.append("utilisation names unknown cluster \"\(u.cluster)\"")
                    continue
                }
                if !seenClusters.insert(u.cluster).inserted {
                    v.append("utilisation lists cluster \"\(u.cluster)\" twice")
                }
                let l = load[u.cluster] ?? (0, 0, 0)
                let expected = [
                    ("cpu", u.used.cpu, (c.usage?.cpu ?? 0) + l.cpu, u.capacity.cpu, c.capacity.cpu),
                    ("ram", u.used.ram, (c.usage?.ram ?? 0) + l.ram, u.capacity.ram, c.capacity.ram),
                    ("power", u.used.power, (c.usage?.power ?? 0) + l.power, u.capacity.power, c.capacity.power),
                ]
                for (name, used, recomputed, capacity, given) in expected {
                    if let used, abs(used - recomputed) > 1e-6 * max(1, abs(recomputed)) {
                        v.append("utilisation of \"\(u.cluster)\" \(name) is \(used), recomputed \(recomputed)")
                    }
                    if capacity != given {
                        v.append(
                            "utilisation of \"\(u.cluster)\" \(name) capacity is \(capacity.map { "\($0)" } ?? "none"), the request says \(given.map { "\($0)" } ?? "none")"
                        )
                    }
                }
            }
            for c in request.clusters where !seenClusters.contains(c.id) {
                v.append("utilisation leaves out cluster \"\(c.id)\"")
            }
        }
        func differs(_ a: Double, _ b: Double) -> Bool { abs(a - b) > 1e-6 * max(1, abs(b), abs(total)) }
        if let o = result.objective {
            if differs(o.total, total) {
                v.append("reported objective \(o.total) differs from the recomputed \(total)")
            }
            let pairs: [(String, Double, Double)] = [
                ("network", o.network, terms.network), ("price", o.price, terms.price),
                ("energy", o.energy, terms.energy), ("migration", o.migration, terms.migration),
                ("extra", o.extra, terms.extra),
            ]
            for (name, reported, recomputed) in pairs where differs(reported, recomputed) {
                v.append("reported \(name) term \(reported) differs from the recomputed \(recomputed)")
            }
        }
        if let gap = result.relativeGap, let bound = result.lowerBound, let o = result.objective {
            let expected = o.total == 0 ? 0 : max(0, o.total - bound) / abs(o.total)
            if abs(gap - expected) > 1e-9 + 1e-6 * expected {
                v.append("reported relativeGap \(gap) differs from (total − lowerBound) / total = \(expected)")
            }
        }
        if result.status == .optimal {
            let wanted = request.options?.relativeGap ?? 1e-4
            if let gap = result.relativeGap {
                if gap > wanted + 1e-7 {
                    v.append("status is optimal but the gap \(gap) is above relativeGap \(wanted)")
                }
            } else if result.objective == nil || !result.unplaced.isEmpty {
                v.append("status is optimal without a complete placement")
            }
        }
        if let bound = result.lowerBound, let reported = result.objective?.total,
            bound > reported + 1e-6 * max(1, abs(reported))
        {
            v.append("lower bound \(bound) is above the objective \(reported)")
        }
        return Report(violations: v, objective: total)
    }
}
