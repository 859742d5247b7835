import ArgumentParser
import Foundation
import Matrix

/// `altoplace-bench scoring`: batched scoring against the bare sgemm it is built on.
struct ScoringBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Time batched scoring beside a bare OpenBLAS sgemm of the same shape.",
        discussion: """
            Scoring = traffic (F x U) x cost (U x C) + extra (F x C), with latency-bound and \
            reachability masks. The ratio sgemm/scoring is the share of the bare product's \
            speed that scoring keeps (1.0 = no overhead).
            """
    )

    @Option(help: "Functions (F).") var functions: Int = 10_000
    @Option(help: "Traffic sources (U).") var sources: Int = 1_000
    @Option(help: "Candidate clusters (C).") var clusters: Int = 1_000
    @Option(help: "Sources with traffic per function; 0 = every source (dense traffic).")
    var sourcesPerFunction: Int = 8
    @Option(help: "OpenBLAS threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 5
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object per line instead of a table.") var json = false

    func validate() throws {
        guard functions > 0, sources > 0, clusters > 0 else { throw ValidationError("dimensions must be positive") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let (f, u, c) = (functions, sources, clusters)
        var rng = SplitMix64(seed: seed)
        var traffic = [Float](repeating: 0, count: f * u)
        for fn in 0..<f {
            if sourcesPerFunction == 0 {
                for s in 0..<u { traffic[fn * u + s] = rng.nextFloat(in: 0.1..<10) }
            } else {
                for _ in 0..<sourcesPerFunction {
                    traffic[fn * u + Int(rng.next() % UInt64(u))] = rng.nextFloat(in: 0.1..<10)
                }
            }
        }
        let cost = (0..<(u * c)).map { _ in rng.nextFloat(in: 1..<40) }
        let extra = (0..<(f * c)).map { _ in rng.nextFloat(in: 0..<5) }
        let bounds = (0..<f).map { _ in rng.nextFloat(in: 20..<45) }
        let input = try ScoringInput(
            functionCount: f, sourceCount: u, clusterCount: c, traffic: traffic, cost: cost, extra: extra,
            maxLatency: bounds)
        let scorer = BatchedScorer(threads: threads)
        let flops = 2 * Double(f) * Double(u) * Double(c)
        let gemm = BenchReport.median(repeats: repeats) { _ = scorer.multiply(m: f, n: c, k: u, a: traffic, b: cost) }
        var last: Scores? = nil
        let scoring = BenchReport.median(repeats: repeats) { last = scorer.score(input) }
        let excluded = last!.values.reduce(0) { $0 + ($1 == .infinity ? 1 : 0) }
        let shape = "F\(f)xU\(u)xC\(c)"
        let rows: [[String: Any]] = [
            [
                "name": "sgemm/\(shape)", "seconds": gemm.median, "runs": gemm.all, "gflops": flops / gemm.median / 1e9,
                "threads": threads, "blasCore": BatchedScorer.blasCoreName,
            ],
            [
                "name": "scoring/\(shape)/k\(sourcesPerFunction)", "seconds": scoring.median, "runs": scoring.all,
                "gflops": flops / scoring.median / 1e9, "threads": threads, "blasCore": BatchedScorer.blasCoreName,
                "excludedPairs": excluded, "shareOfSgemmRate": gemm.median / scoring.median,
            ],
        ]
        if json {
            for row in rows { print(BenchReport.jsonLine(row)) }
        } else {
            print(
                "OpenBLAS core: \(BatchedScorer.blasCoreName), threads: \(threads), sources per function: \(sourcesPerFunction == 0 ? "all" : "\(sourcesPerFunction)")"
            )
            print(
                BenchReport.table(
                    ["name", "median s", "GFLOP/s"],
                    rows.map {
                        [
                            $0["name"] as! String, BenchReport.format($0["seconds"] as! Double, 4),
                            BenchReport.format($0["gflops"] as! Double, 1),
                        ]
                    }))
            print(
                "scoring keeps \(BenchReport.format(gemm.median / scoring.median * 100, 1))% of the bare sgemm rate; \(excluded) of \(f * c) pairs excluded"
            )
        }
    }
}
