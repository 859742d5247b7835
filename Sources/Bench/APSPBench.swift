import ArgumentParser
import Foundation
import Matrix

/// `altoplace-bench apsp`: all-pairs best paths on a generated (or given) graph.
struct APSPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apsp",
        abstract: "Time all-pairs shortest paths on a generated or given graph.",
        discussion: """
            Reports the median of --repeats runs and the rate in semiring updates per \
            second (n³ / seconds; for Dijkstra too, so methods compare on one scale).
            """
    )

    @OptionGroup var graph: GraphOptions

    @Option(help: "Methods to time: automatic, floyd-warshall, dijkstra (comma-separated).")
    var methods: String = "automatic"

    @Option(help: "Worker threads (comma-separated list to sweep).")
    var threads: String = "\(ProcessInfo.processInfo.activeProcessorCount)"

    @Option(
        help:
            "Kernel levels for Floyd–Warshall: best, or any of \(KernelLevel.allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated)."
    )
    var kernels: String = "best"

    @Option(help: "Timed repetitions (the median is reported).")
    var repeats: Int = 3

    @Flag(help: "Also compute first hops (path reconstruction) and time them.")
    var nextHops = false

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let g = try graph.load()
        let n = g.nodeCount
        let levels: [KernelLevel] = try kernels.split(separator: ",").map {
            if $0 == "best" { return KernelLevel.best }
            guard let level = KernelLevel(rawValue: String($0)) else {
                throw ValidationError("unknown kernel level '\($0)'")
            }
            guard level.isSupported else { throw ValidationError("this CPU cannot run kernel level '\(level)'") }
            return level
        }
        let methodList: [AllPairsEngine.Method] = try methods.split(separator: ",").map {
            guard let m = AllPairsEngine.Method(rawValue: String($0)) else {
                throw ValidationError("unknown method '\($0)'")
            }
            return m
        }
        let threadList = try threads.split(separator: ",").map {
            guard let t = Int($0), t >= 1 else { throw ValidationError("bad thread count '\($0)'") }
            return t
        }
        var rows: [[String]] = []
        // Each level's tile kernel with its operands in L1, on one thread: the ceiling
        // of the whole run per thread (measured once per level, before the timings).
        var inCache: [KernelLevel: Double] = [:]
        if methodList.contains(where: { $0 != .dijkstra }) {
            for level in levels where inCache[level] == nil { inCache[level] = level.inCacheRate() }
        }
        for method in methodList {
            for t in threadList {
                let levelsHere = method == .dijkstra ? [KernelLevel.best] : levels
                for level in levelsHere {
                    let engine = AllPairsEngine(method: method, threads: t, kernelLevel: level)
                    let resolved = engine.resolvedMethod(for: g)
                    // Only the closure is timed; the checksum is summed afterwards.
                    var last: CostMatrix? = nil
                    let timing = BenchReport.median(repeats: repeats) { last = engine.costs(g) }
                    let checksum = last.map(Self.checksum) ?? 0
                    var hopSeconds: Double? = nil
                    if nextHops {
                        let full = BenchReport.median(repeats: repeats) { _ = engine.paths(g) }
                        hopSeconds = full.median
                    }
                    let rate = Double(n) * Double(n) * Double(n) / timing.median
                    var fields: [String: Any] = [
                        "name": "apsp/\(graph.label)/\(resolved.rawValue)/t\(t)"
                            + (resolved == .floydWarshall ? "/\(level)" : ""),
                        "graph": graph.label, "nodes": n, "arcs": g.arcCount, "method": resolved.rawValue,
                        "threads": t, "kernel": resolved == .floydWarshall ? level.rawValue : "n/a",
                        "seconds": timing.median, "runs": timing.all, "updatesPerSecond": rate,
                        "checksum": checksum,
                    ]
                    if let hopSeconds { fields["secondsWithNextHops"] = hopSeconds }
                    // The run's rate per thread against the kernel's in-cache rate.
                    var ofKernel: Double? = nil
                    if resolved == .floydWarshall, let ceiling = inCache[level] {
                        fields["kernelInCacheUpdatesPerSecond"] = ceiling
                        ofKernel = rate / (Double(t) * ceiling)
                        fields["fractionOfKernelInCache"] = ofKernel
                    }
                    if json {
                        print(BenchReport.jsonLine(fields))
                    } else {
                        rows.append([
                            fields["name"] as! String, "\(n)", "\(g.arcCount)", "\(t)",
                            BenchReport.format(timing.median, 4),
                            BenchReport.format(rate / 1e9, 2),
                            ofKernel.map { BenchReport.format(100 * $0, 1) + "%" } ?? "-",
                            hopSeconds.map { BenchReport.format($0, 4) } ?? "-",
                            String(format: "%.6g", checksum),
                        ])
                    }
                }
            }
        }
        if !json {
            let profile = MachineProfile.current
            let rates = KernelLevel.available.map {
                "\($0) \(BenchReport.format((profile.floydWarshallRates[$0] ?? 0) / 1e9, 1))"
            }.joined(separator: ", ")
            print(
                "kernel level picked: \(KernelLevel.best) (measured; highest the CPU supports: \(KernelLevel.highestSupported))"
            )
            print(
                "calibration in \(BenchReport.format(profile.calibrationSeconds * 1000, 1)) ms: G upd/s on 1 thread at n=384: \(rates); LLC \(profile.lastLevelCache >> 20) MiB; Dijkstra \(BenchReport.format(profile.dijkstraSecondsPerOperation * 1e9, 3)) ns/op"
            )
            print(
                BenchReport.table(
                    ["name", "n", "arcs", "threads", "median s", "G upd/s", "of kernel", "s w/ hops", "checksum"], rows)
            )
            let ceilings = inCache.keys.sorted { $0.rawValue < $1.rawValue }.map {
                "\($0) \(BenchReport.format(inCache[$0]! / 1e9, 1))"
            }
            if !ceilings.isEmpty {
                print(
                    "tile kernel with operands in L1, G upd/s on 1 thread: \(ceilings.joined(separator: ", ")); "
                        + "\"of kernel\" is the run's rate per thread against it")
            }
        }
    }

    /// Sum of finite values: the same graph must give the same checksum by every method.
    static func checksum(_ m: CostMatrix) -> Double {
        var sum: Double = 0
        for i in 0..<m.count {
            let base = i * m.stride
            for j in 0..<m.count {
                let v = m.storage[base + j]
                if v.isFinite { sum += Double(v) }
            }
        }
        return sum
    }
}
