extension PlacementProblem {
    /// The weighted objective terms of placing unit `u` on cluster `c`, recomputed from
    /// the request in the order the compile sums them, so they are the terms whose sum
    /// is `cost[u·C + c]`. A pair excluded by labels or the network has no network term,
    /// as in the compile.
    /// - Complexity: O(Σ over the unit's members of their traffic sources), plus one
    ///   lookup in each member's per-cluster maps.
    func terms(unit u: Int, cluster c: Int) -> PairTerms {
        let w = weights
        let wN = w.network ?? 1, wP = w.price ?? 1, wE = w.energy ?? 1, wM = w.migration ?? 1, wC = w.carbon ?? 0
        let cl = clusters[c]
        let to = cl.pid.flatMap { latency?.index[$0] }
        var t = PairTerms()
        for k in units[u] {
            let f = functions[k]
            let cpu = f.demandByCluster?[cl.id]?.cpu ?? f.demand.cpu ?? 0
            let watts = (cl.wattsPerCpu ?? 0) * cpu
            t.price += wP * (cl.pricePerCpu ?? 0) * cpu
            t.energy += wE * watts + wC * watts * (cl.carbonIntensity ?? 0) / 1000
            if let current = f.current, current != cl.id { t.migration += wM * (f.migrationCost ?? 0) }
            t.extra += f.costByCluster?[cl.id] ?? 0
            if (f.requireLabels != nil || f.avoidLabels != nil), Self.labelExclusion(f, cl) != nil { continue }
            let sources = (f.traffic ?? []).filter { $0.rate > 0 || f.maxLatency != nil }
            guard !sources.isEmpty else { continue }
            var term = 0.0, worst = 0.0
            for s in sources {
                var l = Double.infinity
                if let table = latency, let from = table.index[s.pid], let to {
                    l = table.values[from * table.pids.count + to]
                }
                worst = max(worst, l)
                term += s.rate * l
            }
            if Self.networkExclusion(f, cl, worst: worst) == nil { t.network += wN * term }
        }
        return t
    }
}
