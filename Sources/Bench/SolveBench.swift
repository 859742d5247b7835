import ArgumentParser
import Foundation
import Matrix
import Solver

/// `altoplace-bench solve`: the placement solver beside plain GLPK on the same model.
struct SolveBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Time the placement solver and plain GLPK on seeded instances.",
        discussion: """
            Instances are generalised-assignment-like with capacities set so total demand is \
            --tightness of total capacity. Every result is checked by the independent validator. \
            Gap = (objective - best proven bound) / objective, the bound being the best of \
            altoplace's and GLPK's. "first s" is the time to the first complete placement and \
            "1% s" the time to the first within 1% of that bound, compiling included.
            """
    )

    @Option(help: "Functions.") var functions: Int = 300
    @Option(help: "Clusters.") var clusters: Int = 20
    @Option(help: "Total demand / total capacity.") var tightness: Double = 0.95
    @Option(help: "1 (cpu) or 3 (cpu, ram, power) resources.") var resources: Int = 1
    @Flag(help: "Give functions traffic over a generated topology.") var network = false
    @Option(help: "Seeds (comma-separated).") var seeds: String = "1,2,3"
    @Option(help: "Time limit in seconds, for altoplace and for plain GLPK.") var timeLimit: Double = 10
    @Flag(help: "Skip the plain-GLPK baseline.") var noGLPK = false
    @Flag(help: "Turn altoplace's Lagrangian branch and bound off (to see what it adds).")
    var noBranchAndBound = false
    @Flag(help: "Print one JSON object per line instead of a table.") var json = false
    @Flag(help: "Same demand on every cluster (no demandByCluster).") var homogeneous = false
    @Option(help: "costByCluster entries per function (default: every cluster).") var costsPerFunction: Int?
    @Option(
        help:
            "Generate a classic generalised-assignment family instead: c or d (integer demands and costs, capacity 0.8 of the mean load)."
    )
    var family: String?
    @Option(help: "Solver threads (compile, bounds).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(
        help: ArgumentHelp(
            "Write the first seed's request to this file (JSON) and stop; with --network, the topology goes to FILE-topology.json, named by the request.",
            valueName: "file"))
    var save: String?
    @Option(
        help: ArgumentHelp(
            "Write the first seed's exact model (the one GLPK solves) to this file in free MPS and stop, for checking bounds with another solver.",
            valueName: "file"))
    var writeMPS: String?

    func validate() throws {
        if let costsPerFunction, costsPerFunction < 0 {
            throw ValidationError("--costs-per-function must be 0 or more")
        }
        if let family, GAPFamily(rawValue: family) == nil {
            throw ValidationError(
                "--family must be one of \(GAPFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var rows: [[String]] = []
        for seed in seeds.split(separator: ",").compactMap({ UInt64($0) }) {
            let generated =
                if let family = family.flatMap(GAPFamily.init(rawValue:)) {
                    InstanceGenerator.generalisedAssignment(
                        type: family, functions: functions, clusters: clusters, seed: seed, timeLimit: timeLimit)
                } else {
                    InstanceGenerator.make(
                        functions: functions, clusters: clusters, tightness: tightness, resources: resources,
                        heterogeneous: !homogeneous, withNetwork: network, seed: seed, timeLimit: timeLimit,
                        costsPerFunction: costsPerFunction)
                }
            if let save {
                var saved = generated
                if network {
                    // The network goes beside the request as a topology file, named by
                    // the request: an inline matrix over every PID pair grows as n².
                    let base = save.hasSuffix(".json") ? String(save.dropLast(5)) : save
                    let topology = base + "-topology.json"
                    try Data(InstanceGenerator.networkTopologyJSON(clusters: clusters, seed: seed).utf8).write(
                        to: URL(fileURLWithPath: topology))
                    saved.network = NetworkSpec(topologyFile: topology)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(saved).write(to: URL(fileURLWithPath: save))
                return
            }
            // The network is named by file, as a user's request names it, not inlined.
            var request = generated
            var topologyFile: String? = nil
            if network {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "altoplace-bench-\(ProcessInfo.processInfo.processIdentifier)-\(seed)-topology.json")
                try Data(InstanceGenerator.networkTopologyJSON(clusters: clusters, seed: seed).utf8).write(to: file)
                request.network = NetworkSpec(topologyFile: file.path)
                topologyFile = file.path
            }
            defer { if let topologyFile { try? FileManager.default.removeItem(atPath: topologyFile) } }
            let (latency, loadSeconds) = try BenchReport.time { try LatencyTable.load(request.network) }
            let (problem, compile) = try BenchReport.time {
                try PlacementProblem(request, latency: latency, threads: threads)
            }
            if let writeMPS {
                try Data(PlacementSolver.exactModel(problem).mps().utf8).write(to: URL(fileURLWithPath: writeMPS))
                return
            }
            var solver = PlacementSolver(threads: threads)
            if noBranchAndBound { solver.branchAndBoundCellLimit = 0 }
            let result = solver.solve(problem, compileSeconds: compile)
            let report = PlacementValidator.check(request, latency: latency, result: result)
            guard report.violations.isEmpty else {
                throw ValidationError("seed \(seed): invalid result: \(report.violations)")
            }
            let glpk = noGLPK ? nil : PlacementSolver.plainGLPK(problem, timeLimit: timeLimit)
            let objective = result.objective?.total
            let bound = [result.lowerBound, glpk?.bound].compactMap { $0 }.max()
            let gap = objective.flatMap { o in bound.map { b in max(0, o - b) / abs(o) } }
            let glpkGap = glpk?.objective.flatMap { o in bound.map { b in max(0, o - b) / abs(o) } }
            let total = result.statistics.seconds.values.reduce(0, +)
            let improvements = result.statistics.improvements
            let first = improvements.first?.seconds
            // The first placement within 1% of the best bound proven by the end of the run.
            let within1 = bound.flatMap { b in
                improvements.first { ($0.objective - b) <= 0.01 * abs($0.objective) }?.seconds
            }
            let fields: [String: Any] = [
                "name": family.map { "solve/gap-\($0)/F\(functions)xC\(clusters)/s\(seed)" }
                    ?? "solve/F\(functions)xC\(clusters)/r\(resources)/t\(tightness)/s\(seed)", "seconds": total,
                "secondsToFirstFeasible": first ?? NSNull(), "secondsToWithin1Percent": within1 ?? NSNull(),
                "status": result.status.rawValue, "objective": objective ?? NSNull(),
                "bound": bound ?? NSNull(), "gap": gap ?? NSNull(), "glpkObjective": glpk?.objective ?? NSNull(),
                "glpkGap": glpkGap ?? NSNull(), "glpkSeconds": glpk?.seconds ?? NSNull(),
                "incumbent": result.statistics.incumbentMethod, "nodes": result.statistics.nodes,
                "peakResidentMiB": Self.peakResidentMiB(), "phases": result.statistics.seconds,
                "unplaced": result.unplaced.count, "units": problem.unitCount, "clusters": problem.clusterCount,
                "networkLoadSeconds": loadSeconds,
            ]
            if json {
                print(BenchReport.jsonLine(fields))
            } else {
                func pct(_ x: Double?) -> String { x.map { String(format: "%.3f%%", $0 * 100) } ?? "-" }
                rows.append([
                    fields["name"] as! String, result.status.rawValue, first.map { BenchReport.format($0, 3) } ?? "-",
                    within1.map { BenchReport.format($0, 3) } ?? "-", BenchReport.format(total, 2),
                    pct(gap), pct(glpkGap), result.statistics.incumbentMethod,
                    String(format: "%.0f", Self.peakResidentMiB()),
                ])
            }
        }
        if !json {
            print(
                BenchReport.table(
                    [
                        "instance", "status", "first s", "1% s", "total s", "gap", "GLPK gap", "incumbent",
                        "peak MiB",
                    ], rows))
        }
    }

    /// Peak resident memory of this process so far (VmHWM), in MiB.
    static func peakResidentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
}
