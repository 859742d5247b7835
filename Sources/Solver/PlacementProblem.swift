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
    /// Per unit and cluster (U × C): total cost, and its terms.
    let cost: [Double]
    let networkTerm: [Double]
    let priceTerm: [Double]
    let energyTerm: [Double]
    let migrationTerm: [Double]
    let extraTerm: [Double]
    /// Per unit and cluster and resource (U × C × 3): demand (cores, GiB, W).
    let demand: [Double]
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
    public var clusterCount: Int { clusterIDs.count }

    /// Compiles a request. Validates it first.
    /// - Throws: ``PlacementError`` listing every problem, or a network failure.
    public init(_ request: PlacementRequest, latency: LatencyTable?) throws(PlacementError) {
        var problems = request.problems(networkSupplied: latency != nil)
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
        guard problems.isEmpty else { throw .invalidRequest(problems: problems) }

        let fs = request.functions, cs = request.clusters
        let nf = fs.count, nc = cs.count, r = Self.resourceCount
        functionIDs = fs.map(\.id)
        clusterIDs = cs.map(\.id)
        let weights = request.objective ?? ObjectiveWeights()
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

        // Each array made on its own (copies of one would each be a full memmove on first write).
        var cost = [Double](repeating: 0, count: nu * nc)
        var network = [Double](repeating: 0, count: nu * nc)
        var price = [Double](repeating: 0, count: nu * nc)
        var energy = [Double](repeating: 0, count: nu * nc)
        var migration = [Double](repeating: 0, count: nu * nc)
        var extra = [Double](repeating: 0, count: nu * nc)
        var demand = [Double](repeating: 0, count: nu * nc * r)
        var allowed = [Bool](repeating: true, count: nu * nc)
        var reasons = [[(cluster: Int, kind: String, text: String)]](repeating: [], count: nu)
        var priority = [Double](repeating: 0, count: nu)
        // Everything the pair loop needs by index, so it hashes nothing: each cluster's
        // row in the latency table, and each traffic source's latency row gathered once
        // over the clusters (sources × clusters, contiguous).
        let clusterIndex = Dictionary(
            cs.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let pidRow: [Int?] = cs.map { cl in cl.pid.flatMap { latency?.index[$0] } }
        let wattsPerCpu = cs.map { $0.wattsPerCpu ?? 0 }
        let pricePerCpu = cs.map { $0.pricePerCpu ?? 0 }
        let carbon = cs.map { $0.carbonIntensity ?? 0 }
        var sourceRow: [String: Int] = [:]
        var sourceLatency: [Double] = []
        func gathered(_ pid: String) -> Int {
            if let row = sourceRow[pid] { return row }
            let row = sourceRow.count
            sourceRow[pid] = row
            let from = latency?.index[pid]
            for c in 0..<nc {
                if let from, let to = pidRow[c], let table = latency {
                    sourceLatency.append(table.values[from * table.pids.count + to])
                } else {
                    sourceLatency.append(.infinity)  // no pid, or no network: unreachable
                }
            }
            return row
        }
        var term = [Double](repeating: 0, count: nc)
        var worst = [Double](repeating: 0, count: nc)
        var cpuOf = [Double](repeating: 0, count: nc)
        var ramOf = [Double](repeating: 0, count: nc)
        for (k, f) in fs.enumerated() {
            let u = unitOf[k]
            priority[u] += f.priority ?? 1
            let cpu0 = f.demand.cpu ?? 0, ram0 = f.demand.ram ?? 0
            // Per-cluster demand, in scratch rows filled only for functions that have some.
            let overridden = !(f.demandByCluster ?? [:]).isEmpty
            if overridden {
                for c in 0..<nc {
                    cpuOf[c] = cpu0
                    ramOf[c] = ram0
                }
                for (id, d) in f.demandByCluster ?? [:] {
                    guard let c = clusterIndex[id] else { continue }
                    cpuOf[c] = d.cpu ?? cpu0
                    ramOf[c] = d.ram ?? ram0
                }
            }
            let currentIndex = f.current.flatMap { clusterIndex[$0] }
            let moveCost = f.current == nil ? 0 : wM * (f.migrationCost ?? 0)
            // Every source bounds the latency, whatever its rate (a rate of 0, as a
            // what-if traffic scale of 0 gives, must not lift maxLatency); only sources
            // with traffic must be reachable and cost anything.
            let sources = (f.traffic ?? []).filter { $0.rate > 0 || f.maxLatency != nil }
            let hasSources = !sources.isEmpty
            if hasSources {
                for c in 0..<nc {
                    term[c] = 0
                    worst[c] = 0
                }
                for t in sources {
                    let row = gathered(t.pid) * nc
                    sourceLatency.withUnsafeBufferPointer { lat in
                        for c in 0..<nc {
                            let l = lat[row + c]
                            worst[c] = max(worst[c], l)
                            term[c] += t.rate * l
                        }
                    }
                }
            }
            let labelled = f.requireLabels != nil || f.avoidLabels != nil
            for c in 0..<nc {
                let cpu = overridden ? cpuOf[c] : cpu0, ram = overridden ? ramOf[c] : ram0
                let watts = wattsPerCpu[c] * cpu
                let i = u * nc + c
                demand[i * r] += cpu
                demand[i * r + 1] += ram
                demand[i * r + 2] += watts
                price[i] += wP * pricePerCpu[c] * cpu
                energy[i] += wE * watts + wC * watts * carbon[c] / 1000
                if f.current != nil, currentIndex != c { migration[i] += moveCost }
                if labelled {
                    let cl = cs[c]
                    let labels = cl.labels ?? [:]
                    if let need = f.requireLabels, need.contains(where: { labels[$0.key] != $0.value }) {
                        allowed[i] = false
                        reasons[u].append(
                            (c, Self.lacksLabels, "cluster \"\(cl.id)\" lacks labels required by \"\(f.id)\""))
                        continue
                    }
                    if let avoid = f.avoidLabels, avoid.contains(where: { labels[$0.key] == $0.value }) {
                        allowed[i] = false
                        reasons[u].append(
                            (c, Self.hasAvoidedLabels, "cluster \"\(cl.id)\" has labels \"\(f.id)\" avoids"))
                        continue
                    }
                }
                guard hasSources else { continue }
                if worst[c] == .infinity {
                    let cl = cs[c]
                    allowed[i] = false
                    reasons[u].append(
                        cl.pid == nil
                            ? (
                                c, Self.noPID,
                                "cluster \"\(cl.id)\" has no pid, so \"\(f.id)\"'s traffic cannot reach it"
                            )
                            : (
                                c, Self.unreachable,
                                "cluster \"\(cl.id)\" is unreachable from a traffic source of \"\(f.id)\""
                            )
                    )
                    continue
                }
                if let bound = f.maxLatency, worst[c] > bound {
                    allowed[i] = false
                    reasons[u].append(
                        (
                            c, Self.tooFar,
                            "cluster \"\(cs[c].id)\" is \(worst[c]) ms from a source of \"\(f.id)\", above its maxLatency \(bound) ms"
                        )
                    )
                    continue
                }
                network[i] += wN * term[c]
            }
            for (id, value) in f.costByCluster ?? [:] {
                guard let c = clusterIndex[id] else { continue }
                extra[u * nc + c] += value
            }
        }
        for u in 0..<nu {
            for c in 0..<nc where allowed[u * nc + c] {
                for k in 0..<r where demand[(u * nc + c) * r + k] > free[c * r + k] + 1e-9 {
                    allowed[u * nc + c] = false
                    let what = ["cpu", "ram", "power"][k]
                    let name =
                        units[u].count == 1
                        ? "\"\(functionIDs[units[u][0]])\""
                        : "colocate group of \"\(functionIDs[units[u][0]])\" (\(units[u].count) functions)"
                    reasons[u].append(
                        (
                            c, "have too little \(what) free even when empty",
                            "\(name) needs \(demand[(u * nc + c) * r + k]) \(what) but cluster \"\(clusterIDs[c])\" has \(free[c * r + k]) free"
                        ))
                    break
                }
            }
            for c in 0..<nc {
                let i = u * nc + c
                cost[i] = network[i] + price[i] + energy[i] + migration[i] + extra[i]
            }
        }
        self.cost = cost
        pairReasons = reasons
        networkTerm = network
        priceTerm = price
        energyTerm = energy
        migrationTerm = migration
        extraTerm = extra
        self.demand = demand
        self.allowed = allowed
        self.priority = priority
        let ids = clusterIDs
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
