import Matrix

/// A validated request compiled to dense arrays: the model every solving method
/// and the statistics work on.
///
/// Functions joined by `colocate` (transitively) form one *unit* that goes to a
/// single cluster; its demand and cost are the sums of its members'. Pairs that
/// break labels, latency bounds or reachability, or that cannot fit even on an
/// empty cluster, are filtered out before any model is built.
public struct PlacementProblem: Sendable {
    /// Resources in the order of the per-resource arrays.
    static let resourceCount = 3  // cpu, ram, power

    public let functionIDs: [String]
    public let clusterIDs: [String]
    /// Units (colocation groups): member function indices.
    let units: [[Int]]
    /// For each function, its unit.
    let unitOf: [Int]
    /// Per unit and cluster (U × C): total cost. Its terms are not stored (five more
    /// U × C arrays); ``terms(unit:cluster:)`` recomputes them for one pair.
    let cost: [Double]
    /// Whether every placement costs an integer (see ``costsAreIntegral(_:allowed:unitCount:)``).
    let integralCosts: Bool
    /// What ``terms(unit:cluster:)`` recomputes from: the request's functions and
    /// clusters, the weights and the latency table.
    let functions: [PlacementFunction]
    let clusters: [Cluster]
    let weights: ObjectiveWeights
    let latency: LatencyTable?
    /// Per unit, cluster and resource: demand (cores, GiB, W); see ``demand(_:_:_:)``.
    let demands: DemandTable
    /// Per cluster and resource (C × 3): free capacity; `+infinity` when unlimited.
    let free: [Double]
    /// Per cluster and resource (C × 3): capacity (`+infinity` when unlimited) and usage before placement.
    let capacity: [Double]
    let usage: [Double]
    /// Per unit and cluster: allowed.
    let allowed: [Bool]
    /// Per unit: why no cluster is allowed (empty when some is).
    let exclusion: [String]
    /// Per unit: each excluded cluster, the kind of reason (a short phrase that reads
    /// after "N clusters", used to aggregate) and the full sentence.
    let pairReasons: [[(cluster: Int, kind: String, text: String)]]
    /// Unit pairs that must not share a cluster (i < j).
    let conflicts: [(Int, Int)]
    /// Per unit: priority weight (sum of members').
    let priority: [Double]
    /// Options with defaults applied.
    let timeLimit: Double
    let relativeGap: Double
    let seed: UInt64
    let allowPartial: Bool

    public var unitCount: Int { units.count }

    /// Resource `k` (0 cores, 1 GiB, 2 W) that unit `u` uses on cluster `c`.
    @inline(__always)
    func demand(_ u: Int, _ c: Int, _ k: Int) -> Double { demands[u, c, k] }
    public var clusterCount: Int { clusterIDs.count }

    /// Compiles a request. Validates it first.
    ///
    /// The pair loop hashes nothing but the keys of per-cluster maps (once each): each
    /// traffic source's latency row is gathered over the clusters once, and units are
    /// compiled in blocks on up to `threads` threads, each unit's rows written by one
    /// thread, so the model is the same whatever the thread count.
    /// - Complexity: O(U·C + Σ_f (|sources_f| · C + |per-cluster entries_f|)) time;
    ///   memory for cost (U·C), the allowed mask (U·C), and demand rows (3·C each)
    ///   only for colocate groups and functions with `demandByCluster`.
    /// - Throws: ``PlacementError`` listing every problem, or a network failure.
    public init(_ request: PlacementRequest, latency: LatencyTable?, threads: Int = 1) throws(PlacementError) {
        // Per-cluster maps are checked while they are read below, one hash per key.
        var problems = request.problems(networkSupplied: latency != nil, checkingClusterMaps: false)
        if let latency {
            for f in request.functions {
                for t in f.traffic ?? [] where !latency.contains(t.pid) {
                    problems.append("function \"\(f.id)\" traffic names unknown pid \"\(t.pid)\"")
                }
            }
            for c in request.clusters {
                if let pid = c.pid, !latency.contains(pid) {
                    problems.append("cluster \"\(c.id)\" pid \"\(pid)\" is not in the network")
                }
            }
        }
        guard problems.isEmpty else {
            throw .invalidRequest(problems: problems + request.clusterMapProblems())
        }

        let fs = request.functions, cs = request.clusters
        let nf = fs.count, nc = cs.count, r = Self.resourceCount
        functions = fs
        clusters = cs
        self.latency = latency
        functionIDs = fs.map(\.id)
        clusterIDs = cs.map(\.id)
        let weights = request.objective ?? ObjectiveWeights()
        self.weights = weights
        let wN = weights.network ?? 1, wP = weights.price ?? 1, wE = weights.energy ?? 1, wM = weights.migration ?? 1
        let wC = weights.carbon ?? 0
        timeLimit = request.options?.timeLimit ?? 10
        relativeGap = request.options?.relativeGap ?? 1e-4
        seed = request.options?.seed ?? 0
        allowPartial = request.options?.allowPartial ?? false

        // Units from colocation.
        let index = Dictionary(fs.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var uf = UnionFind(count: nf)
        for (k, f) in fs.enumerated() { for o in f.colocate ?? [] { uf.union(k, index[o]!) } }
        var unitIndex: [Int: Int] = [:]
        var units: [[Int]] = []
        var unitOf = [Int](repeating: 0, count: nf)
        for k in 0..<nf {
            let root = uf.find(k)
            if let u = unitIndex[root] {
                units[u].append(k)
                unitOf[k] = u
            } else {
                unitIndex[root] = units.count
                unitOf[k] = units.count
                units.append([k])
            }
        }
        self.units = units
        self.unitOf = unitOf
        let nu = units.count

        var free = [Double](repeating: .infinity, count: nc * r)
        var capacity = free
        var usage = [Double](repeating: 0, count: nc * r)
        for (c, cl) in cs.enumerated() {
            let cap = [cl.capacity.cpu, cl.capacity.ram, cl.capacity.power]
            let use = [cl.usage?.cpu ?? 0, cl.usage?.ram ?? 0, cl.usage?.power ?? 0]
            for k in 0..<r {
                usage[c * r + k] = use[k]
                if let v = cap[k] {
                    capacity[c * r + k] = v
                    free[c * r + k] = max(0, v - use[k])
                }
            }
        }
        self.free = free
        self.capacity = capacity
        self.usage = usage

        // Everything the pair loop needs by index: each cluster's row in the latency
        // table, and each traffic source's latency row gathered once over the clusters
        // (sources × clusters, contiguous); each function's sources as rows and rates.
        let clusterIndex = StringIndex(clusterIDs)
        let pidRow: [Int?] = cs.map { cl in cl.pid.flatMap { latency?.index[$0] } }
        let wattsPerCpu = cs.map { $0.wattsPerCpu ?? 0 }
        let pricePerCpu = cs.map { $0.pricePerCpu ?? 0 }
        let carbon = cs.map { $0.carbonIntensity ?? 0 }
        var sourceRow: [String: Int] = [:]
        var sourceLatency: [Double] = []
        var sourceStart = [Int](repeating: 0, count: nf + 1)
        var sourceRows: [Int] = []
        var sourceRates: [Double] = []
        for (k, f) in fs.enumerated() {
            // Every source bounds the latency, whatever its rate (a rate of 0, as a
            // what-if traffic scale of 0 gives, must not lift maxLatency); only sources
            // with traffic must be reachable and cost anything.
            for t in f.traffic ?? [] where t.rate > 0 || f.maxLatency != nil {
                let row: Int
                if let known = sourceRow[t.pid] {
                    row = known
                } else {
                    row = sourceRow.count
                    sourceRow[t.pid] = row
                    let from = latency?.index[t.pid]
                    for c in 0..<nc {
                        if let from, let to = pidRow[c], let table = latency {
                            sourceLatency.append(table.values[from * table.pids.count + to])
                        } else {
                            sourceLatency.append(.infinity)  // no pid, or no network: unreachable
                        }
                    }
                }
                sourceRows.append(row)
                sourceRates.append(t.rate)
            }
            sourceStart[k + 1] = sourceRows.count
        }

        // Units whose demand is not one function's same cores and GiB everywhere get a
        // dense demand row.
        var rowOf = [Int32](repeating: -1, count: nu)
        var rowCount = 0
        var base = [Double](repeating: 0, count: 2 * nu)
        for u in 0..<nu {
            let members = units[u]
            if members.count > 1 || !(fs[members[0]].demandByCluster ?? [:]).isEmpty {
                rowOf[u] = Int32(rowCount)
                rowCount += 1
            } else {
                base[2 * u] = fs[members[0]].demand.cpu ?? 0
                base[2 * u + 1] = fs[members[0]].demand.ram ?? 0
            }
        }
        var reasons = [[(cluster: Int, kind: String, text: String)]](repeating: [], count: nu)
        var priority = [Double](repeating: 0, count: nu)
        var faulty = [Bool](repeating: false, count: nf)
        let blockSize = 64
        let blocks = (nu + blockSize - 1) / blockSize
        // Every element of these is written by the unit loop, so they start uninitialised.
        var demandRows: [Double] = []
        var allowed: [Bool] = []
        let ids = clusterIDs
        let cost = [Double](unsafeUninitializedCapacity: nu * nc) { costBuffer, costCount in
            demandRows = [Double](unsafeUninitializedCapacity: rowCount * nc * r) { demandBuffer, demandCount in
                allowed = [Bool](unsafeUninitializedCapacity: nu * nc) { allowedBuffer, allowedCount in
                    reasons.withUnsafeMutableBufferPointer { reasonsBuffer in
                        priority.withUnsafeMutableBufferPointer { priorityBuffer in
                            faulty.withUnsafeMutableBufferPointer { faultyBuffer in
                                let out = UncheckedBox(
                                    (
                                        costBuffer.baseAddress, demandBuffer.baseAddress, allowedBuffer.baseAddress,
                                        reasonsBuffer.baseAddress, priorityBuffer.baseAddress,
                                        faultyBuffer.baseAddress
                                    ))
                                Parallel.forEach(count: blocks, threads: threads) { block in
                                    let (costOut, demandOut, allowedOut, reasonsOut, priorityOut, faultyOut) =
                                        out.value
                                    // Per-unit scratch rows: the terms summed over members,
                                    // then added in the order the terms are reported.
                                    var network = [Double](repeating: 0, count: nc)
                                    var price = network, energy = network, migration = network, extra = network
                                    var term = network, worst = network, cpuOf = network, ramOf = network
                                    let rowDemand = UnsafeMutablePointer<Double>.allocate(capacity: max(1, nc * r))
                                    defer { rowDemand.deallocate() }
                                    for u in (block * blockSize)..<min(nu, (block + 1) * blockSize) {
                                        let rowAllowed = allowedOut! + u * nc
                                        for c in 0..<nc {
                                            network[c] = 0
                                            price[c] = 0
                                            energy[c] = 0
                                            migration[c] = 0
                                            extra[c] = 0
                                            rowAllowed[c] = true
                                        }
                                        (rowDemand).initialize(repeating: 0, count: nc * r)
                                        var unitReasons: [(cluster: Int, kind: String, text: String)] = []
                                        var unitPriority = 0.0
                                        for k in units[u] {
                                            let f = fs[k]
                                            unitPriority += f.priority ?? 1
                                            let cpu0 = f.demand.cpu ?? 0, ram0 = f.demand.ram ?? 0
                                            // Per-cluster demand, in scratch rows filled only for
                                            // functions that have some.
                                            let overridden = !(f.demandByCluster ?? [:]).isEmpty
                                            if overridden {
                                                for c in 0..<nc {
                                                    cpuOf[c] = cpu0
                                                    ramOf[c] = ram0
                                                }
                                                for (id, d) in f.demandByCluster ?? [:] {
                                                    guard let c = clusterIndex[id],
                                                        (d.cpu ?? 0).isNonNegativeAmount,
                                                        (d.ram ?? 0).isNonNegativeAmount
                                                    else {
                                                        faultyOut![k] = true
                                                        continue
                                                    }
                                                    cpuOf[c] = d.cpu ?? cpu0
                                                    ramOf[c] = d.ram ?? ram0
                                                }
                                            }
                                            let currentIndex = f.current.flatMap { clusterIndex[$0] }
                                            let moveCost = f.current == nil ? 0 : wM * (f.migrationCost ?? 0)
                                            let hasSources = sourceStart[k] < sourceStart[k + 1]
                                            if hasSources {
                                                for c in 0..<nc {
                                                    term[c] = 0
                                                    worst[c] = 0
                                                }
                                                sourceLatency.withUnsafeBufferPointer { lat in
                                                    for s in sourceStart[k]..<sourceStart[k + 1] {
                                                        let row = sourceRows[s] * nc, rate = sourceRates[s]
                                                        for c in 0..<nc {
                                                            let l = lat[row + c]
                                                            worst[c] = max(worst[c], l)
                                                            term[c] += rate * l
                                                        }
                                                    }
                                                }
                                            }
                                            let labelled = f.requireLabels != nil || f.avoidLabels != nil
                                            for c in 0..<nc {
                                                let cpu = overridden ? cpuOf[c] : cpu0
                                                let ram = overridden ? ramOf[c] : ram0
                                                let watts = wattsPerCpu[c] * cpu
                                                rowDemand[c * r] += cpu
                                                rowDemand[c * r + 1] += ram
                                                rowDemand[c * r + 2] += watts
                                                price[c] += wP * pricePerCpu[c] * cpu
                                                energy[c] += wE * watts + wC * watts * carbon[c] / 1000
                                                if f.current != nil, currentIndex != c { migration[c] += moveCost }
                                                if labelled, let (kind, text) = Self.labelExclusion(f, cs[c]) {
                                                    rowAllowed[c] = false
                                                    unitReasons.append((c, kind, text))
                                                    continue
                                                }
                                                guard hasSources else { continue }
                                                if worst[c] == .infinity || worst[c] > f.maxLatency ?? .infinity,
                                                    let (kind, text) = Self.networkExclusion(f, cs[c], worst: worst[c])
                                                {
                                                    rowAllowed[c] = false
                                                    unitReasons.append((c, kind, text))
                                                    continue
                                                }
                                                network[c] += wN * term[c]
                                            }
                                            for (id, value) in f.costByCluster ?? [:] {
                                                guard let c = clusterIndex[id], value.isNonNegativeAmount else {
                                                    faultyOut![k] = true
                                                    continue
                                                }
                                                extra[c] += value
                                            }
                                        }
                                        // Pairs that cannot fit even on an empty cluster.
                                        let members = units[u]
                                        for c in 0..<nc where rowAllowed[c] {
                                            for k in 0..<r where rowDemand[c * r + k] > free[c * r + k] + 1e-9 {
                                                rowAllowed[c] = false
                                                let what = ["cpu", "ram", "power"][k]
                                                let name =
                                                    members.count == 1
                                                    ? "\"\(fs[members[0]].id)\""
                                                    : "colocate group of \"\(fs[members[0]].id)\" (\(members.count) functions)"
                                                unitReasons.append(
                                                    (
                                                        c, "have too little \(what) free even when empty",
                                                        "\(name) needs \(rowDemand[c * r + k]) \(what) but cluster \"\(ids[c])\" has \(free[c * r + k]) free"
                                                    ))
                                                break
                                            }
                                        }
                                        if rowOf[u] >= 0 {
                                            (demandOut! + Int(rowOf[u]) * nc * r).initialize(
                                                from: rowDemand, count: nc * r)
                                        }
                                        let rowCost = costOut! + u * nc
                                        for c in 0..<nc {
                                            rowCost[c] = network[c] + price[c] + energy[c] + migration[c] + extra[c]
                                        }
                                        (reasonsOut! + u).pointee = unitReasons
                                        (priorityOut! + u).pointee = unitPriority
                                    }
                                }
                            }
                        }
                    }
                    allowedCount = nu * nc
                }
                demandCount = rowCount * nc * r
            }
            costCount = nu * nc
        }
        if faulty.contains(true) {
            let faultyRequest = PlacementRequest(
                clusters: cs, functions: fs.indices.filter { faulty[$0] }.map { fs[$0] })
            let problems = faultyRequest.clusterMapProblems()
            // The index and validation compare ids alike, so a faulty entry has a problem.
            throw .invalidRequest(
                problems: problems.isEmpty ? ["a per-cluster map entry could not be matched to a cluster"] : problems)
        }
        self.cost = cost
        pairReasons = reasons
        demands = DemandTable(
            clusterCount: nc, base: base, wattsPerCpu: wattsPerCpu, rowOf: rowOf, rows: demandRows)
        self.allowed = allowed
        integralCosts = Self.costsAreIntegral(cost, allowed: allowed, unitCount: nu)
        self.priority = priority
        exclusion = (0..<nu).map { u in
            (0..<nc).contains { allowed[u * nc + $0] }
                ? "" : (nc == 0 ? "there are no clusters" : Self.summarise(reasons[u], clusterIDs: ids))
        }
        var conflicts = Set<[Int]>()
        for (k, f) in fs.enumerated() {
            for o in f.antiAffinity ?? [] {
                let a = unitOf[k], b = unitOf[index[o]!]
                if a != b { conflicts.insert([min(a, b), max(a, b)]) }
            }
        }
        self.conflicts = conflicts.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { ($0[0], $0[1]) }
    }

    /// Why `f` may not run on `cluster` by labels, if so: (kind, sentence).
    static func labelExclusion(_ f: PlacementFunction, _ cluster: Cluster) -> (String, String)? {
        let labels = cluster.labels ?? [:]
        if let need = f.requireLabels, need.contains(where: { labels[$0.key] != $0.value }) {
            return (lacksLabels, "cluster \"\(cluster.id)\" lacks labels required by \"\(f.id)\"")
        }
        if let avoid = f.avoidLabels, avoid.contains(where: { labels[$0.key] == $0.value }) {
            return (hasAvoidedLabels, "cluster \"\(cluster.id)\" has labels \"\(f.id)\" avoids")
        }
        return nil
    }

    /// Why `f`, which has traffic sources, may not run on `cluster` by the network, if
    /// so: unreachable (`worst` is the largest latency from its sources, ms) or too far.
    static func networkExclusion(_ f: PlacementFunction, _ cluster: Cluster, worst: Double) -> (String, String)? {
        if worst == .infinity {
            return cluster.pid == nil
                ? (noPID, "cluster \"\(cluster.id)\" has no pid, so \"\(f.id)\"'s traffic cannot reach it")
                : (unreachable, "cluster \"\(cluster.id)\" is unreachable from a traffic source of \"\(f.id)\"")
        }
        if let bound = f.maxLatency, worst > bound {
            return (
                tooFar,
                "cluster \"\(cluster.id)\" is \(worst) ms from a source of \"\(f.id)\", above its maxLatency \(bound) ms"
            )
        }
        return nil
    }

    // Kinds of exclusion, phrased to follow "N clusters".
    static let lacksLabels = "lack labels it requires"
    static let hasAvoidedLabels = "have labels it avoids"
    static let noPID = "have no pid, so its traffic cannot reach them"
    static let unreachable = "are unreachable from one of its traffic sources"
    static let tooFar = "are farther than its maxLatency from one of its traffic sources"

    /// One bounded sentence for a unit that no cluster can take: each kind of reason
    /// with its count and at most three named clusters, e.g. "400 of 400 clusters are
    /// unreachable from one of its traffic sources (c0, c1, c2 and 397 more)". Its size
    /// does not grow with the number of clusters.
    static func summarise(_ reasons: [(cluster: Int, kind: String, text: String)], clusterIDs: [String]) -> String {
        var order: [String] = []
        var clustersOf: [String: [Int]] = [:]
        var seen = Set<Int>()
        for reason in reasons where seen.insert(reason.cluster).inserted {
            if clustersOf[reason.kind] == nil { order.append(reason.kind) }
            clustersOf[reason.kind, default: []].append(reason.cluster)
        }
        let n = clusterIDs.count
        return "no cluster can take it: "
            + order.map { kind in
                let cs = clustersOf[kind]!
                let named = cs.prefix(3).map { "\"\(clusterIDs[$0])\"" }.joined(separator: ", ")
                let more = cs.count > 3 ? " and \(cs.count - 3) more" : ""
                let count =
                    cs.count == n ? (n == 1 ? "the only cluster" : "all \(n) clusters") : "\(cs.count) of \(n) clusters"
                return "\(count) \(cs.count == 1 ? singular(kind) : kind) (\(named)\(more))"
            }.joined(separator: "; ")
    }

    /// "are unreachable" → "is unreachable", "have" → "has", "lack" → "lacks".
    private static func singular(_ phrase: String) -> String {
        if phrase.hasPrefix("are ") { return "is " + phrase.dropFirst(4) }
        if phrase.hasPrefix("have ") { return "has " + phrase.dropFirst(5) }
        if phrase.hasPrefix("lack ") { return "lacks " + phrase.dropFirst(5) }
        return phrase
    }
}
