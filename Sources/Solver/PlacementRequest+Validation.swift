import Matrix

extension PlacementRequest {
    /// Every problem with the request, one sentence each, naming the function or
    /// cluster and the field: duplicate or unknown ids, negative, NaN or infinite
    /// numbers, colocation that contradicts anti-affinity (also through chains of
    /// `colocate`), traffic or latency bounds without a network, a malformed inline
    /// cost matrix. Empty when the request can be solved.
    /// - Complexity: O(size of the request) plus O(functions) for colocation groups.
    ///
    /// - Parameters:
    ///   - networkSupplied: the caller costs traffic from a network of its own (a
    ///     server's current topology), so traffic without `network` is fine.
    ///   - checkingClusterMaps: check `demandByCluster` and `costByCluster` too (see
    ///     ``clusterMapProblems()``); the compile turns this off and checks them while
    ///     it reads them, hashing each key once.
    public func problems(networkSupplied: Bool = false, checkingClusterMaps: Bool = true) -> [String] {
        var out: [String] = []
        func number(_ value: Double?, _ what: @autoclosure () -> String, positive: Bool = false) {
            guard let value else { return }
            if !value.isNonNegativeAmount || (positive && value == 0) {
                out.append("\(what()) is \(value); it must be a finite number \(positive ? "> 0" : "≥ 0")")
            }
        }
        var clusterIDs = Set<String>()
        for (k, c) in clusters.enumerated() {
            if c.id.isEmpty { out.append("clusters[\(k)] has an empty id") }
            if !clusterIDs.insert(c.id).inserted { out.append("cluster id \"\(c.id)\" appears more than once") }
            for (name, r) in [("capacity", c.capacity), ("usage", c.usage ?? Resources())] {
                number(r.cpu, "cluster \"\(c.id)\" \(name).cpu")
                number(r.ram, "cluster \"\(c.id)\" \(name).ram")
                number(r.power, "cluster \"\(c.id)\" \(name).power")
            }
            number(c.wattsPerCpu, "cluster \"\(c.id)\" wattsPerCpu")
            number(c.carbonIntensity, "cluster \"\(c.id)\" carbonIntensity")
            number(c.pricePerCpu, "cluster \"\(c.id)\" pricePerCpu")
        }
        var functionIDs = Set<String>()
        for (k, f) in functions.enumerated() {
            if f.id.isEmpty { out.append("functions[\(k)] has an empty id") }
            if !functionIDs.insert(f.id).inserted { out.append("function id \"\(f.id)\" appears more than once") }
        }
        for f in functions {
            let name = "function \"\(f.id)\""
            number(f.demand.cpu, "\(name) demand.cpu")
            number(f.demand.ram, "\(name) demand.ram")
            for (k, t) in (f.traffic ?? []).enumerated() { number(t.rate, "\(name) traffic[\(k)].rate") }
            number(f.maxLatency, "\(name) maxLatency")
            number(f.migrationCost, "\(name) migrationCost")
            number(f.priority, "\(name) priority", positive: true)
            if let current = f.current, !clusterIDs.contains(current) {
                out.append("\(name) current names unknown cluster \"\(current)\"")
            }
            for other in f.antiAffinity ?? [] where !functionIDs.contains(other) {
                out.append("\(name) antiAffinity names unknown function \"\(other)\"")
            }
            for other in f.colocate ?? [] where !functionIDs.contains(other) {
                out.append("\(name) colocate names unknown function \"\(other)\"")
            }
            if f.antiAffinity?.contains(f.id) == true { out.append("\(name) is anti-affine with itself") }
            if network == nil && !networkSupplied && !(f.traffic ?? []).isEmpty {
                out.append("\(name) has traffic but the request has no network to cost it")
            }
            if network == nil && !networkSupplied && f.maxLatency != nil {
                out.append("\(name) has maxLatency but the request has no network to measure it")
            }
        }
        if checkingClusterMaps { out += clusterMapProblems(known: clusterIDs) }
        out += colocationConflicts()
        if let network {
            if network.topologyFile == nil && network.costMatrix == nil {
                out.append("network needs topologyFile or costMatrix")
            }
            if network.topologyFile != nil && network.costMatrix != nil {
                out.append("network gives both topologyFile and costMatrix; give one")
            }
            if let matrix = network.costMatrix {
                let n = matrix.pids.count
                if Set(matrix.pids).count != n { out.append("network.costMatrix.pids has duplicates") }
                if matrix.costs.count != n || matrix.costs.contains(where: { $0.count != n }) {
                    out.append("network.costMatrix.costs must be \(n) rows of \(n) values")
                }
                for (i, row) in matrix.costs.enumerated() {
                    for (j, v) in row.enumerated() {
                        if let v, !v.isNonNegativeAmount {
                            out.append(
                                "network.costMatrix.costs[\(i)][\(j)] is \(v); it must be a finite number ≥ 0 or null")
                        }
                    }
                }
            }
        }
        if let o = options {
            number(o.timeLimit, "options.timeLimit", positive: true)
            number(o.relativeGap, "options.relativeGap")
        }
        if let w = objective {
            number(w.network, "objective.network")
            number(w.price, "objective.price")
            number(w.energy, "objective.energy")
            number(w.migration, "objective.migration")
            number(w.carbon, "objective.carbon")
        }
        return out
    }

    /// The problems of functions' per-cluster maps (`demandByCluster`, `costByCluster`):
    /// unknown cluster ids and amounts that are not finite and ≥ 0. Maps are read in
    /// dictionary order and only faulty entries are sorted, so messages keep a stable
    /// order without sorting every map.
    /// - Complexity: O(total map entries), one hash each.
    func clusterMapProblems(known: Set<String>? = nil) -> [String] {
        let known = known ?? Set(clusters.map(\.id))
        var out: [String] = []
        func number(_ value: Double?, _ what: @autoclosure () -> String) {
            if let value, !value.isNonNegativeAmount {
                out.append("\(what()) is \(value); it must be a finite number ≥ 0")
            }
        }
        for f in functions {
            let name = "function \"\(f.id)\""
            var faultyDemands: [(key: String, value: FunctionDemand)] = []
            for (cluster, d) in f.demandByCluster ?? [:]
            where !known.contains(cluster) || !(d.cpu ?? 0).isNonNegativeAmount || !(d.ram ?? 0).isNonNegativeAmount {
                faultyDemands.append((cluster, d))
            }
            for (cluster, d) in faultyDemands.sorted(by: { $0.key < $1.key }) {
                if !known.contains(cluster) {
                    out.append("\(name) demandByCluster names unknown cluster \"\(cluster)\"")
                }
                number(d.cpu, "\(name) demandByCluster[\"\(cluster)\"].cpu")
                number(d.ram, "\(name) demandByCluster[\"\(cluster)\"].ram")
            }
            var faultyCosts: [(key: String, value: Double)] = []
            for (cluster, cost) in f.costByCluster ?? [:] where !known.contains(cluster) || !cost.isNonNegativeAmount {
                faultyCosts.append((cluster, cost))
            }
            for (cluster, cost) in faultyCosts.sorted(by: { $0.key < $1.key }) {
                if !known.contains(cluster) { out.append("\(name) costByCluster names unknown cluster \"\(cluster)\"") }
                number(cost, "\(name) costByCluster[\"\(cluster)\"]")
            }
        }
        return out
    }

    /// Functions that must share a cluster (closed under `colocate`, in either
    /// direction) but are anti-affine: one sentence per contradiction.
    func colocationConflicts() -> [String] {
        let index = Dictionary(
            functions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var groups = UnionFind(count: functions.count)
        for (k, f) in functions.enumerated() {
            for other in f.colocate ?? [] { if let j = index[other] { groups.union(k, j) } }
        }
        var out: [String] = []
        for (k, f) in functions.enumerated() {
            for other in f.antiAffinity ?? [] {
                guard let j = index[other], j != k, groups.find(k) == groups.find(j) else { continue }
                out.append(
                    "function \"\(f.id)\" is anti-affine with \"\(other)\" but colocation puts them on one cluster")
            }
        }
        return out
    }
}
