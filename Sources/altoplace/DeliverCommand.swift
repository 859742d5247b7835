import ALTO
import ArgumentParser
import Delivery
import Foundation
import Service
import Solver
import Store

/// `altoplace deliver`: a placement's delivery plan, offline.
struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Solve a request whose functions carry workloads (or take a result) and print its delivery plan.",
        discussion: """
            REQUEST is the body of POST /placements with its clusters inline (or given by \
            --cluster-profiles): functions may carry "workload": {"image", "kind": "Deployment" | \
            "KnativeService", "command", "args", "env", "ports", "namespace"}. Without --result the \
            request is solved and the result validated first. The plan has one PlacementDecision \
            per function (KEP-5313, or --form ocm) and each cluster's actions: an apply of each \
            placed workload, and for a function that moves from its "current" cluster, a delete \
            there after it. --format yaml prints multi-document YAML; --out DIR writes \
            DIR/decisions/<name>.yaml and DIR/clusters/<cluster>/<kind>.<name>.yaml (a delete \
            removes the file).
            """
    )

    @Argument(help: ArgumentHelp("The placement request (.json).", valueName: "request"))
    var request: String

    @Option(help: "A result of this request (altoplace solve's output), instead of solving it.")
    var result: String?

    @Option(help: "ClusterProfile objects (one, or kubectl get clusterprofiles -o json) to take the clusters from.")
    var clusterProfiles: String?

    @Option(help: "The placement's name: it prefixes the decisions' names and labels the objects.")
    var placement = "altoplace"

    @Option(help: "kep5313 (multicluster.x-k8s.io) or ocm (cluster.open-cluster-management.io).")
    var form = "kep5313"

    @Option(help: "json or yaml.")
    var format = "json"

    @Option(help: "Write the decisions and each cluster's objects as files under this directory.")
    var out: String?

    @Option(help: "Namespace of the decisions.")
    var decisionNamespace = "altoplace"

    @Option(help: "Namespace of the ClusterProfiles the decisions name.")
    var clusterProfileNamespace = "fleet-system"

    func validate() throws {
        guard DecisionForm(rawValue: form) != nil else { throw ValidationError("--form is kep5313 or ocm") }
        guard ["json", "yaml"].contains(format) else { throw ValidationError("--format is json or yaml") }
        guard KubernetesName.isLabel(placement) else {
            throw ValidationError("--placement must be a DNS-1123 label (a-z, 0-9, '-'; at most 63)")
        }
        for (flag, value) in [
            ("--decision-namespace", decisionNamespace), ("--cluster-profile-namespace", clusterProfileNamespace),
        ]
        where !KubernetesName.isLabel(value) {
            throw ValidationError("\(flag) must be a DNS-1123 label")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: request) else {
            throw CLIError("\(request): no such file")
        }
        var submission: PlacementSubmission
        do {
            submission = try RequestDecoding.decode(PlacementSubmission.self, from: data)
        } catch {
            throw CLIError("\(request): \(error)")
        }
        if let clusterProfiles { submission.clusters = try Self.clusters(fromProfiles: clusterProfiles) }
        guard let clusters = submission.clusters, !clusters.isEmpty else {
            throw CLIError("\(request): give the clusters inline, or --cluster-profiles")
        }
        let problems = submission.workloadProblems
        guard problems.isEmpty else {
            throw CLIError("\(request): " + problems.map { "\($0.path): \($0.message)" }.joined(separator: "\n"))
        }
        let solverRequest = PlacementRequest(
            clusters: clusters, functions: submission.functions, objective: submission.objective,
            options: submission.options, network: submission.network)
        let solved: PlacementResult
        do {
            if let result {
                guard let text = FileManager.default.contents(atPath: result) else {
                    throw CLIError("\(result): no such file")
                }
                solved = try JSONDecoder().decode(PlacementResult.self, from: text)
            } else {
                solved = try PlacementSolver().solve(solverRequest)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(result ?? request): \(error)")
        }
        let report = PlacementValidator.check(
            solverRequest, latency: try? LatencyTable.load(solverRequest.network), result: solved)
        guard report.violations.isEmpty else {
            throw CLIError("the result fails validation:\n- " + report.violations.joined(separator: "\n- "))
        }
        let plan = AltoplaceService.offlinePlan(
            request: solverRequest, workloads: submission.workloads, result: solved, placement: placement,
            form: DecisionForm(rawValue: form)!,
            namespaces: .init(decisions: decisionNamespace, clusterProfiles: clusterProfileNamespace))
        if let out { try Self.write(plan, to: out) }
        if format == "yaml" {
            FileHandle.standardOutput.write(Data(plan.yaml.utf8))
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(plan) + Data("\n".utf8))
        }
        if solved.objective == nil { throw ExitCode(solved.status == .infeasible ? 2 : 3) }
    }

    static func clusters(fromProfiles path: String) throws -> [Cluster] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): no such file") }
        let document: JSONValue
        do {
            document = try JSONValue.parse(Array(data))
        } catch {
            throw CLIError("\(path): \(error)")
        }
        switch ClusterProfileImport.clusters(from: document) {
        case .failure(let failure):
            throw CLIError("\(path): " + failure.problems.map { "\($0.path): \($0.message)" }.joined(separator: "\n"))
        case .success(let imported):
            return try imported.map { c in
                guard let capacity = c.capacity else {
                    throw CLIError(
                        "\(path): ClusterProfile \(c.id) has no capacity properties (cpu.capacity.altoplace.io, …)")
                }
                return Cluster(
                    id: c.id, capacity: capacity, wattsPerCpu: c.wattsPerCpu, pricePerCpu: c.pricePerCpu,
                    labels: c.labels.isEmpty ? nil : c.labels, pid: c.pid)
            }
        }
    }

    static func write(_ plan: DeliveryPlan, to directory: String) throws {
        let fm = FileManager.default
        let decisions = (directory as NSString).appendingPathComponent("decisions")
        try fm.createDirectory(atPath: decisions, withIntermediateDirectories: true)
        for decision in plan.decisions {
            let name = decision["metadata"]?["name"]?.stringValue ?? "decision"
            try Data(YAMLWriter.document(decision).utf8).write(
                to: URL(fileURLWithPath: (decisions as NSString).appendingPathComponent(name + ".yaml")),
                options: .atomic)
        }
        for (cluster, actions) in plan.clusters {
            let dir = ((directory as NSString).appendingPathComponent("clusters") as NSString).appendingPathComponent(
                cluster)
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for a in actions {
                let path = (dir as NSString).appendingPathComponent(ManifestRenderer.fileName(of: a.object))
                switch a.action {
                case .apply:
                    try Data(YAMLWriter.document(a.object).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                case .delete: try? fm.removeItem(atPath: path)
                }
            }
        }
    }
}
