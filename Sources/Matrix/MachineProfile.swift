import Dispatch
import Foundation

/// How fast the all-pairs methods run on this machine, measured once per process at
/// first use, so that ``AllPairsEngine/Method/automatic`` and ``KernelLevel/best``
/// rest on this machine's numbers rather than on a model fitted elsewhere or on the
/// CPU's feature list (Zen 4 runs AVX-512 as two 256-bit halves, so there the AVX2
/// kernel is faster although AVX-512 is "higher").
///
/// Measured (warm, the fastest of three interleaved rounds):
/// - Floyd–Warshall on a dense 384-node graph with every kernel level the CPU runs,
///   on one thread: updates per second; the fastest level is ``fastestKernel``;
/// - Dijkstra from 24 sources of a 2,000-node geometric graph of degree 4: seconds
///   per operation of the model `2m + 5·n·log₂n` per source.
///
/// Assumed, not measured (seen on a Zen 5 EPYC, and kept conservative):
/// - a second thread adds 75% to Floyd–Warshall while the matrix fits in the
///   last-level cache (read from sysfs; 32 MiB when unknown), and Dijkstra scales
///   linearly;
/// - a larger matrix makes Floyd–Warshall memory-bound: one thread's rate at 80%
///   whatever the thread count (n = 3,000 and 5,000 ran at 72–80% of the cached
///   rate, and a second thread added under 15%).
///
/// Cost: about 40 ms once per process (``calibrationSeconds`` says how long).
public struct MachineProfile: Sendable {
    /// Floyd–Warshall min-plus updates per second on one thread at n = 384, per level.
    public let floydWarshallRates: [KernelLevel: Double]
    /// Bytes of the last-level cache.
    public let lastLevelCache: Int
    /// Seconds per operation of Dijkstra's cost model, on one thread.
    public let dijkstraSecondsPerOperation: Double
    /// How long the measurement took, seconds.
    public let calibrationSeconds: Double

    /// The fastest kernel level measured.
    public var fastestKernel: KernelLevel {
        floydWarshallRates.max { a, b in a.value < b.value || (a.value == b.value && a.key.rank > b.key.rank) }?.key
            ?? .generic
    }

    /// This machine's profile, measured at the first call.
    public static let current = MachineProfile.measure()

    /// Predicted seconds for Floyd–Warshall on `nodes` nodes with `level` and `threads`.
    public func floydWarshallSeconds(nodes: Int, level: KernelLevel, threads: Int) -> Double {
        let tile = 64.0
        let p = (Double(max(nodes, 1)) / tile).rounded(.up) * tile
        var rate = floydWarshallRates[level] ?? floydWarshallRates[.generic] ?? 1e9
        if 4 * p * p > Double(lastLevelCache) {
            rate *= 0.8
        } else {
            rate *= 1 + 0.75 * Double(max(threads, 1) - 1)
        }
        return p * p * p / rate
    }

    /// Predicted seconds for Dijkstra from every node of a graph with `nodes` nodes and
    /// `arcs` arcs, on `threads` threads.
    public func dijkstraSeconds(nodes: Int, arcs: Int, threads: Int) -> Double {
        let n = Double(nodes), m = Double(arcs)
        return n * (2 * m + 5 * n * max(log2(n), 1)) * dijkstraSecondsPerOperation / Double(max(threads, 1))
    }

    static func measure() -> MachineProfile {
        let started = now()
        let dense = GraphGenerator.dense(nodes: 384, seed: 7)
        let small = GraphGenerator.dense(nodes: 192, seed: 7)
        let sparse = GraphGenerator.geometric(nodes: 2000, degree: 4, seed: 7)
        let sources = 24
        let dijkstra = ParallelDijkstra(threads: 1)
        // One timed body per kernel level, then Dijkstra's. The baseline level, when a
        // vector level exists, is timed on a quarter of the work: it is three to five
        // times slower, and its rate barely moves with n.
        var bodies: [(level: KernelLevel?, work: Double, body: () -> Void)] = []
        for level in KernelLevel.available {
            let solver = BlockedFloydWarshall(kernels: TileKernelTable(level), threads: 1)
            let graph = level == .generic && KernelLevel.available.count > 1 ? small : dense
            let n = Double(graph.nodeCount)
            bodies.append((level, n * n * n, { _ = solver.run(graph) }))
        }
        bodies.append(
            (
                nil, 1,
                {
                    _ = dijkstra.run(sparse, stride: sparse.nodeCount, recordFirstHops: false, sourceLimit: sources)
                }
            ))
        // Interleaved rounds, the fastest of each body kept (after one warm-up round for
        // caches and pages): a burst of other work on the machine (a parallel test run,
        // say) slows whichever bodies it overlaps, and interleaving gives every body a
        // quiet round, so the ratios the method choice rests on stay this machine's.
        var fastest = [Double](repeating: .infinity, count: bodies.count)
        for round in 0..<4 {
            for (i, item) in bodies.enumerated() {
                let t = now()
                item.body()
                if round > 0 { fastest[i] = min(fastest[i], max(now() - t, 1e-9)) }
            }
        }
        var rates: [KernelLevel: Double] = [:]
        for (i, item) in bodies.enumerated() {
            if let level = item.level { rates[level] = item.work / fastest[i] }
        }
        let n = Double(sparse.nodeCount), m = Double(sparse.arcCount)
        return MachineProfile(
            floydWarshallRates: rates, lastLevelCache: lastLevelCacheBytes(),
            dijkstraSecondsPerOperation: fastest[bodies.count - 1] / (Double(sources) * (2 * m + 5 * n * log2(n))),
            calibrationSeconds: now() - started)
    }

    /// The largest data or unified cache of CPU 0 from sysfs; 32 MiB when unreadable.
    static func lastLevelCacheBytes() -> Int {
        var largest = 0
        for index in 0..<8 {
            let path = "/sys/devices/system/cpu/cpu0/cache/index\(index)/size"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let unit: Int = t.hasSuffix("K") ? 1 << 10 : t.hasSuffix("M") ? 1 << 20 : 1
            if let v = Int(t.filter(\.isNumber)) { largest = max(largest, v * unit) }
        }
        return largest > 0 ? largest : 32 << 20
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

extension KernelLevel {
    /// Order of preference on equal measured rates: the lower level.
    fileprivate var rank: Int { KernelLevel.allCases.firstIndex(of: self)! }
}
