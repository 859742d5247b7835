import ArgumentParser
import Foundation
import Matrix
import Solver

/// `altoplace-bench compile`: the model compile (validation, units, every
/// function–cluster pair's cost, demand and exclusions) on generated instances, beside
/// a bare OpenBLAS sgemm of the dense network-term shape.
struct CompileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Time compiling a placement request into its model.",
        discussion: """
            The instance is generated once per seed; each thread count compiles it --repeats \
            times after one untimed run and the median is reported. Beside it: a bare sgemm of \
            traffic (F x S) times latency (S x C), S being the distinct traffic sources, which \
            is what a dense network term would cost; the compile itself accumulates only each \
            function's sources (nnz x C multiply-adds).
            """
    )

    @Option(help: "Functions.") var functions: Int = 10_000
    @Option(help: "Clusters.") var clusters: Int = 100
    @Option(help: "Total demand / total capacity.") var tightness: Double = 0.85
    @Option(help: "1 (cpu) or 3 (cpu, ram, power) resources.") var resources: Int = 3
    @Flag(help: "Give functions traffic over a generated topology.") var network = false
    @Flag(help: "Same demand on every cluster (no demandByCluster).") var homogeneous = false
    @Option(help: "Compile threads (comma-separated).") var threads: String =
        "1,\(ProcessInfo.processInfo.activeProcessorCount)"
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 5
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object per line instead of a table.") var json = false

    func validate() throws {
        guard functions > 0, clusters > 0 else { throw ValidationError("sizes must be positive") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let request = InstanceGenerator.make(
            functions: functions, clusters: clusters, tightness: tightness, resources: resources,
            heterogeneous: !homogeneous, withNetwork: network, seed: seed)
        let latency = try LatencyTable.load(request.network)
        let sources = Set(request.functions.flatMap { ($0.traffic ?? []).map(\.pid) }).count
        let nnz = request.functions.reduce(0) { $0 + ($1.traffic ?? []).count }
        let mapEntries = request.functions.reduce(0) {
            $0 + ($1.costByCluster ?? [:]).count + ($1.demandByCluster ?? [:]).count
        }
        var rows: [[String: Any]] = []
        for t in threads.split(separator: ",").compactMap({ Int($0) }) {
            var units = 0
            let timing = BenchReport.median(repeats: repeats) {
                units = (try? PlacementProblem(request, latency: latency, threads: t))?.unitCount ?? -1
            }
            rows.append([
                "name": "compile/F\(functions)xC\(clusters)/r\(resources)\(network ? "/network" : "")/threads\(t)",
                "seconds": timing.median, "runs": timing.all, "threads": t, "units": units,
                "trafficEntries": nnz, "clusterMapEntries": mapEntries,
                "peakResidentMiB": SolveBench.peakResidentMiB(),
            ])
        }
        if sources > 0 {
            // The dense shape's bare product, for comparison (Float, as BatchedScorer).
            var rng = SplitMix64(seed: seed)
            let a = (0..<(functions * sources)).map { _ in rng.nextFloat(in: 0..<1) }
            let b = (0..<(sources * clusters)).map { _ in rng.nextFloat(in: 1..<40) }
            for t in Set(threads.split(separator: ",").compactMap { Int($0) }).sorted() {
                let scorer = BatchedScorer(threads: t)
                let gemm = BenchReport.median(repeats: repeats) {
                    _ = scorer.multiply(m: functions, n: clusters, k: sources, a: a, b: b)
                }
                let flops = 2 * Double(functions) * Double(sources) * Double(clusters)
                rows.append([
                    "name": "sgemm/F\(functions)xS\(sources)xC\(clusters)/threads\(t)", "seconds": gemm.median,
                    "runs": gemm.all, "threads": t, "gflops": flops / gemm.median / 1e9,
                    "blasCore": BatchedScorer.blasCoreName,
                ])
            }
        }
        if json {
            for row in rows { print(BenchReport.jsonLine(row)) }
        } else {
            print(
                "\(nnz) traffic entries over \(sources) sources; \(mapEntries) per-cluster map entries; OpenBLAS core \(BatchedScorer.blasCoreName)"
            )
            print(
                BenchReport.table(
                    ["name", "median s", "runs"],
                    rows.map {
                        [
                            $0["name"] as! String, BenchReport.format($0["seconds"] as! Double, 4),
                            ($0["runs"] as! [Double]).map { BenchReport.format($0, 4) }.joined(separator: " "),
                        ]
                    }))
        }
    }
}
