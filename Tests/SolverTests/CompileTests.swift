import Solver
import Testing

@Suite("Compiling a request into its model")
struct CompileTests {
    /// A generated instance with a network, plus what the generator leaves out:
    /// labels, latency bounds, colocation, current clusters and sparse costs.
    static func instance(seed: UInt64) -> PlacementRequest {
        var request = InstanceGenerator.make(
            functions: 300, clusters: 12, tightness: 0.8, resources: 3, withNetwork: true, seed: seed)
        for c in request.clusters.indices where c % 3 == 0 { request.clusters[c].labels = ["zone": "edge"] }
        for k in request.functions.indices {
            switch k % 7 {
            case 0: request.functions[k].requireLabels = ["zone": "edge"]
            case 1: request.functions[k].avoidLabels = ["zone": "edge"]
            case 2: request.functions[k].maxLatency = 30
            case 3 where k + 1 < request.functions.count: request.functions[k].colocate = ["f\(k + 1)"]
            case 4:
                request.functions[k].current = "c\(k % 12)"
                request.functions[k].migrationCost = 7
            default: break
            }
        }
        return request
    }

    @Test(
        "compiling and solving on several threads gives the same model and answer as on one",
        arguments: [1, 2] as [UInt64])
    func threadsGiveTheSameModel(seed: UInt64) throws {
        let request = Self.instance(seed: seed)
        let latency = try LatencyTable.load(request.network)
        let one = try PlacementProblem(request, latency: latency, threads: 1)
        let three = try PlacementProblem(request, latency: latency, threads: 3)
        #expect(one.unitCount == three.unitCount)
        for f in request.functions {
            #expect(one.clusterOptions(forFunction: f.id) == three.clusterOptions(forFunction: f.id))
        }
        // Solving on one thread or two (the LP beside the subgradient) answers the same.
        let a = PlacementSolver(threads: 1).solve(one), b = PlacementSolver(threads: 2).solve(three)
        #expect(a.assignments == b.assignments)
        #expect(a.objective == b.objective)
        #expect(a.lowerBound == b.lowerBound)
        #expect(a.status == b.status)
    }

    @Test("each pair's terms add up to its cost and match the per-function cost the delivery reasons use")
    func termsAddUpAndMatch() throws {
        let request = Self.instance(seed: 3)
        let latency = try LatencyTable.load(request.network)
        let problem = try PlacementProblem(request, latency: latency, threads: 2)
        var checked = 0
        for f in request.functions
        where f.colocate == nil && !request.functions.contains(where: { $0.colocate?.contains(f.id) == true }) {
            for option in try #require(problem.clusterOptions(forFunction: f.id)) where option.allowed {
                #expect(option.total == option.network + option.price + option.energy + option.migration + option.extra)
                let cluster = try #require(request.clusters.first { $0.id == option.cluster })
                let cost = AssignmentCost(f, on: cluster, weights: request.objective, latency: latency)
                #expect(abs(cost.total - option.total) <= 1e-9 * max(1, cost.total))
                #expect(abs(cost.network - option.network) <= 1e-9 * max(1, cost.network))
                #expect(cost.migration == option.migration && cost.extra == option.extra)
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }

    @Test("the compile reports bad per-cluster map entries with every other problem")
    func clusterMapProblems() throws {
        var request = Self.instance(seed: 4)
        request.functions[5].costByCluster = ["c1": 3, "nowhere": 2, "c2": -1]
        request.functions[9].demandByCluster = ["c3": FunctionDemand(cpu: .nan)]
        let latency = try LatencyTable.load(request.network)
        func problems(_ request: PlacementRequest) -> [String] {
            do {
                _ = try PlacementProblem(request, latency: latency)
                return []
            } catch {
                guard case .invalidRequest(let problems) = error else { return ["\(error)"] }
                return problems
            }
        }
        let expected = [
            "function \"f5\" costByCluster names unknown cluster \"nowhere\"",
            "function \"f5\" costByCluster[\"c2\"] is -1.0; it must be a finite number ≥ 0",
            "function \"f9\" demandByCluster[\"c3\"].cpu is nan; it must be a finite number ≥ 0",
        ]
        #expect(Set(problems(request)) == Set(expected))
        #expect(Set(request.problems()) == Set(expected))
        // With another problem, the maps' problems are still all listed.
        request.functions[2].priority = 0
        let both = problems(request)
        #expect(both.contains("function \"f2\" priority is 0.0; it must be a finite number > 0"))
        #expect(Set(expected).isSubset(of: Set(both)))
    }

    @Test("cluster ids of any length and script resolve to their own per-cluster costs")
    func clusterIDsResolve() throws {
        let ids = [
            "a", "ab", "abc", "a-very-long-cluster-identifier-0001", "a-very-long-cluster-identifier-0002", "zürich",
            "東京", "",
        ]
        .filter { !$0.isEmpty }
        let clusters = ids.map { Cluster(id: $0, capacity: Resources(cpu: 100)) }
        let costs = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, Double($0.offset + 1)) })
        let request = PlacementRequest(
            clusters: clusters,
            functions: [PlacementFunction(id: "f", demand: FunctionDemand(cpu: 1), costByCluster: costs)])
        let problem = try PlacementProblem(request, latency: nil)
        let options = try #require(problem.clusterOptions(forFunction: "f"))
        #expect(options.map(\.extra) == ids.map { costs[$0]! })
    }

    @Test("ids spelled in another Unicode normalisation name the same cluster, as validation reads them")
    func canonicalEquivalence() throws {
        let clusters = [
            Cluster(id: "caf\u{E9}", capacity: Resources(cpu: 10)), Cluster(id: "K", capacity: Resources(cpu: 10)),
        ]
        let function = PlacementFunction(
            id: "f", demand: FunctionDemand(cpu: 1), demandByCluster: ["\u{212A}": FunctionDemand(cpu: 2)],
            costByCluster: ["cafe\u{301}": 5], current: "cafe\u{301}", migrationCost: 3)
        let request = PlacementRequest(clusters: clusters, functions: [function])
        #expect(request.problems().isEmpty)
        let problem = try PlacementProblem(request, latency: nil)
        let options = try #require(problem.clusterOptions(forFunction: "f"))
        #expect(options.map(\.extra) == [5, 0])
        #expect(options.map(\.migration) == [0, 3])
        #expect(options.map(\.demand.cpu) == [1, 2])
        for option in options {
            #expect(option.total == option.network + option.price + option.energy + option.migration + option.extra)
        }
    }

    @Test("the string index answers as a dictionary, through its table or its fallback")
    func stringIndexMatchesDictionary() {
        var ascii = (0..<1_000).map { "c\($0)" } + ["a-very-long-cluster-identifier-0001", "c5", "K"]
        ascii.append("")
        // Canonically equivalent spellings are equal Strings: composed and decomposed
        // é, the Kelvin sign and K.
        let unicode = ascii + ["caf\u{E9}", "zürich", "東京"]
        let probes =
            unicode + (0..<500).map { "x\($0)" } + [
                "c", "c10000", "zürichx", "a-very-long-cluster-identifier-000", "cafe\u{301}", "\u{212A}",
            ]
        for keys in [ascii, unicode] {
            let reference = Dictionary(
                keys.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            for longestRun in [StringIndex.longestRun, 0] {
                let index = StringIndex(keys, longestRun: longestRun)
                #expect(index.usesFallback == (longestRun == 0 || keys == unicode))
                for key in probes { #expect(index[key] == reference[key], "\(key)") }
            }
        }
    }
}

@Suite("The proven bound against the LP relaxation")
struct RelaxationBoundTests {
    /// The LP relaxation of the assignment model, built here from the public per-pair
    /// costs and demands rather than by the solver's own model code, and its optimum.
    static func relaxation(_ request: PlacementRequest, _ problem: PlacementProblem) throws -> Double {
        var columns: [(function: Int, option: ClusterOption)] = []
        for (k, f) in request.functions.enumerated() {
            for option in try #require(problem.clusterOptions(forFunction: f.id)) where option.allowed {
                columns.append((k, option))
            }
        }
        var model = LinearModel(columns: columns.count, lower: 0, upper: 1)
        for (j, column) in columns.enumerated() { model.objective[j] = column.option.total }
        for k in request.functions.indices {
            model.addRow(columns.indices.filter { columns[$0].function == k }.map { ($0, 1.0) }, lower: 1, upper: 1)
        }
        for cluster in request.clusters {
            let free = [
                cluster.capacity.cpu.map { $0 - (cluster.usage?.cpu ?? 0) },
                cluster.capacity.ram.map { $0 - (cluster.usage?.ram ?? 0) },
                cluster.capacity.power.map { $0 - (cluster.usage?.power ?? 0) },
            ]
            for (resource, limit) in free.enumerated() {
                guard let limit else { continue }
                let terms = columns.indices.filter { columns[$0].option.cluster == cluster.id }.map {
                    j -> (Int, Double) in
                    let d = columns[j].option.demand
                    return (j, [d.cpu, d.ram, d.power][resource] ?? 0)
                }
                model.addRow(terms, lower: -.infinity, upper: limit)
            }
        }
        let solution = try GLPKSolver().solve(model)
        #expect(solution.status == .optimal)
        return try #require(solution.objective)
    }

    @Test(
        "with three binding resources the bound is at least the LP relaxation's and at most the best placement",
        arguments: [1, 2, 3] as [UInt64])
    func boundReachesTheRelaxation(seed: UInt64) throws {
        let request = InstanceGenerator.make(
            functions: 100, clusters: 10, tightness: 0.9, resources: 3, seed: seed, timeLimit: 1)
        let problem = try PlacementProblem(request, latency: nil)
        let lp = try Self.relaxation(request, problem)
        // The Lagrangian bound alone: no branch and bound or whole-model ILP to close the gap.
        var solver = PlacementSolver()
        solver.branchAndBoundCellLimit = 0
        solver.ilpPairLimit = 0
        let result = solver.solve(problem)
        let bound = try #require(result.lowerBound)
        let objective = try #require(result.objective?.total)
        #expect(bound >= lp - 1e-7 * abs(lp), "bound \(bound) below the LP relaxation's \(lp)")
        #expect(bound <= objective)
        #expect(PlacementValidator.check(request, latency: nil, result: result).violations.isEmpty)
    }
}

@Suite("Generalised-assignment benchmark families")
struct GeneralisedAssignmentFamilyTests {
    @Test("types C and D follow their recipes", arguments: GAPFamily.allCases)
    func recipes(family: GAPFamily) throws {
        let n = 60, m = 5
        let request = InstanceGenerator.generalisedAssignment(type: family, functions: n, clusters: m, seed: 7)
        #expect(request.functions.count == n && request.clusters.count == m)
        for cluster in request.clusters {
            let loads = request.functions.map { $0.demandByCluster![cluster.id]!.cpu! }
            let costs = request.functions.map { $0.costByCluster![cluster.id]! }
            for (a, c) in zip(loads, costs) {
                #expect(a == a.rounded() && c == c.rounded())
                switch family {
                case .c: #expect((5...25).contains(a) && (10...50).contains(c))
                case .d: #expect((1...100).contains(a) && (-10...10).contains(c - (111 - a)))
                }
            }
            #expect(cluster.capacity.cpu == (0.8 * loads.reduce(0, +) / Double(m)).rounded(.down))
        }
        #expect(request.problems().isEmpty)
    }

    @Test("a small type D instance solves to a validated placement with a bound below it")
    func solves() throws {
        let request = InstanceGenerator.generalisedAssignment(
            type: .d, functions: 40, clusters: 5, seed: 2, timeLimit: 2)
        let result = try PlacementSolver().solve(request)
        let objective = try #require(result.objective?.total)
        #expect(try #require(result.lowerBound) <= objective + 1e-9)
        #expect(PlacementValidator.check(request, latency: nil, result: result).violations.isEmpty)
    }
}
