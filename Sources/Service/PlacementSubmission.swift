import ALTO
public import Delivery
import Matrix
public import Solver
import Store
import Topology

/// The body of `POST /placements`: the solver's request, where `clusters` may be left out
/// (then the registered clusters, with their latest data-center reports, are used),
/// traffic sources may be PIDs or `ipv4:`/`ipv6:` endpoints, and `network` may be left
/// out (then the server's current topology gives the latencies). `dryRun: true` solves
/// without committing. A function may carry a `workload`, which altoplace delivers to its
/// cluster once the placement is committed (see ``DeliveryPlan``).
public struct PlacementSubmission: Sendable, Hashable, Codable {
    public var clusters: [Cluster]?
    public var functions: [PlacementFunction]
    /// The functions' workloads, by function id (the `workload` member of each function).
    public var workloads: [String: Workload]
    public var objective: ObjectiveWeights?
    public var options: SolveOptions?
    public var network: NetworkSpec?
    public var dryRun: Bool?
    /// What to do with registered clusters whose data center is stale (default `exclude`).
    public var staleDataCenters: StalePolicy?

    public init(
        clusters: [Cluster]? = nil, functions: [PlacementFunction], objective: ObjectiveWeights? = nil,
        options: SolveOptions? = nil, network: NetworkSpec? = nil, dryRun: Bool? = nil,
        staleDataCenters: StalePolicy? = nil, workloads: [String: Workload] = [:]
    ) {
        self.workloads = workloads
        self.staleDataCenters = staleDataCenters
        self.clusters = clusters
        self.functions = functions
        self.objective = objective
        self.options = options
        self.network = network
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey {
        case clusters, functions, objective, options, network, dryRun, staleDataCenters
    }

    /// A function as submitted: the solver's function and its `workload`.
    struct SubmittedFunction: Codable {
        var function: PlacementFunction
        var workload: Workload?
        enum CodingKeys: String, CodingKey { case workload }

        init(function: PlacementFunction, workload: Workload?) {
            self.function = function
            self.workload = workload
        }

        init(from decoder: any Decoder) throws {
            function = try PlacementFunction(from: decoder)
            workload = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Workload.self, forKey: .workload)
        }

        func encode(to encoder: any Encoder) throws {
            try function.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(workload, forKey: .workload)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clusters = try c.decodeIfPresent([Cluster].self, forKey: .clusters)
        let submitted = try c.decode([SubmittedFunction].self, forKey: .functions)
        functions = submitted.map(\.function)
        var workloads: [String: Workload] = [:]
        for s in submitted { if let w = s.workload { workloads[s.function.id] = w } }
        self.workloads = workloads
        objective = try c.decodeIfPresent(ObjectiveWeights.self, forKey: .objective)
        options = try c.decodeIfPresent(SolveOptions.self, forKey: .options)
        network = try c.decodeIfPresent(NetworkSpec.self, forKey: .network)
        dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun)
        staleDataCenters = try c.decodeIfPresent(StalePolicy.self, forKey: .staleDataCenters)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(clusters, forKey: .clusters)
        try c.encode(functions.map { SubmittedFunction(function: $0, workload: workloads[$0.id]) }, forKey: .functions)
        try c.encodeIfPresent(objective, forKey: .objective)
        try c.encodeIfPresent(options, forKey: .options)
        try c.encodeIfPresent(network, forKey: .network)
        try c.encodeIfPresent(dryRun, forKey: .dryRun)
        try c.encodeIfPresent(staleDataCenters, forKey: .staleDataCenters)
    }

    /// Everything wrong with the workloads, each with its JSON path; empty when every one
    /// can be rendered.
    public var workloadProblems: [Problem] {
        var problems: [Problem] = []
        for (k, f) in functions.enumerated() {
            guard let w = workloads[f.id] else { continue }
            problems += w.problems(functionID: f.id, path: ".functions[\(k)]").map {
                Problem(path: $0.path, $0.message)
            }
            // Requests and limits are Kubernetes quantities: keep them far inside their range.
            let demands =
                [("demand", f.demand)]
                + (f.demandByCluster ?? [:]).sorted { $0.key < $1.key }.map { ("demandByCluster.\($0.key)", $0.value) }
            for (name, d) in demands {
                for (field, value) in [("cpu", d.cpu), ("ram", d.ram)] where (value ?? 0) > Workload.maximumAmount {
                    problems.append(
                        Problem(
                            path: ".functions[\(k)].\(name).\(field)",
                            "a delivered function's \(field) is at most \(Int(Workload.maximumAmount)) (cores or GiB)"))
                }
            }
        }
        return problems
    }
}
