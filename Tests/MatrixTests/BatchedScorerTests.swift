import Matrix
import Testing

@Suite("Batched scoring")
struct BatchedScorerTests {
    /// A random batch; `sourcesPerFunction` of each function's sources carry traffic.
    static func batch(f: Int, u: Int, c: Int, seed: UInt64, sourcesPerFunction: Int, unreachable: Int = 0)
        -> ScoringInput
    {
        var rng = SplitMix64(seed: seed)
        var traffic = [Float](repeating: 0, count: f * u)
        for fn in 0..<f {
            for _ in 0..<sourcesPerFunction {
                traffic[fn * u + Int(rng.next() % UInt64(u))] = rng.nextFloat(in: 0.1..<10)
            }
        }
        var cost = (0..<(u * c)).map { _ in rng.nextFloat(in: 1..<40) }
        for _ in 0..<unreachable { cost[Int(rng.next() % UInt64(u * c))] = .infinity }
        let extra = (0..<(f * c)).map { _ in rng.nextFloat(in: 0..<5) }
        let latency = (0..<(u * c)).map { _ in rng.nextFloat(in: 1..<30) }
        let bounds = (0..<f).map { i in i % 3 == 0 ? Float.infinity : rng.nextFloat(in: 10..<35) }
        return try! ScoringInput(
            functionCount: f, sourceCount: u, clusterCount: c, traffic: traffic, cost: cost,
            extra: extra, latency: latency, maxLatency: bounds)
    }

    /// The naive triple loop, in Double.
    static func naive(_ p: ScoringInput) -> [Double] {
        let (f, u, c) = (p.functionCount, p.sourceCount, p.clusterCount)
        let latency = p.latency ?? p.cost
        var out = [Double](repeating: 0, count: f * c)
        for fn in 0..<f {
            for cl in 0..<c {
                var sum = Double(p.extra?[fn * c + cl] ?? 0)
                var worst = -Double.infinity
                var unreachable = false
                for s in 0..<u where p.traffic[fn * u + s] > 0 {
                    if p.cost[s * c + cl] == .infinity { unreachable = true; continue }
                    sum += Double(p.traffic[fn * u + s]) * Double(p.cost[s * c + cl])
                    worst = max(worst, Double(latency[s * c + cl]))
                }
                let bound = Double(p.maxLatency?[fn] ?? .infinity)
                out[fn * c + cl] = unreachable || worst > bound ? .infinity : sum
            }
        }
        return out
    }

    @Test(
        "scores equal a naive loop, with latency bounds and unreachable clusters masked",
        arguments: [(1, 1, 1, 1), (37, 19, 23, 3), (200, 64, 50, 8), (130, 40, 70, 40)])
    func matchesNaiveLoop(shape: (Int, Int, Int, Int)) {
        let (f, u, c, k) = shape
        let input = Self.batch(
            f: f, u: u, c: c, seed: UInt64(f * 31 + c), sourcesPerFunction: k, unreachable: u * c / 20)
        let expected = Self.naive(input)
        for threads in [1, 2] {
            let scores = BatchedScorer(threads: threads).score(input)
            var wrong = 0
            var masked = 0
            for i in 0..<(f * c) {
                if expected[i] == .infinity { masked += 1 }
                if !Reference.close(scores.values[i], expected[i], relative: 1e-4) { wrong += 1 }
            }
            #expect(wrong == 0, "threads \(threads)")
            if f * c > 100 { #expect(masked > 0, "the sweep must exercise the mask") }
        }
    }

    @Test("functions sharing a large support share one worst-latency row and still match the naive loop")
    func sharedSupports() {
        let (f, u, c) = (60, 100, 33)
        var rng = SplitMix64(seed: 77)
        let base = Self.batch(f: f, u: u, c: c, seed: 78, sourcesPerFunction: 1, unreachable: 40)
        // Three large supports shared by many functions, plus unique large ones.
        let patterns: [[Bool]] = (0..<3).map { p in (0..<u).map { p == 0 ? true : $0 % (p + 1) != 0 } }
        var traffic = [Float](repeating: 0, count: f * u)
        for fn in 0..<f {
            let pattern = fn % 4 < 3 ? patterns[fn % 4] : (0..<u).map { _ in rng.next() % 4 != 0 }
            for s in 0..<u where pattern[s] { traffic[fn * u + s] = rng.nextFloat(in: 0.1..<3) }
        }
        let input = try! ScoringInput(
            functionCount: f, sourceCount: u, clusterCount: c, traffic: traffic, cost: base.cost,
            extra: base.extra, latency: base.latency, maxLatency: (0..<f).map { Float(26 + $0 % 5) })
        let expected = Self.naive(input)
        let scores = BatchedScorer(threads: 2).score(input)
        var wrong = 0
        for i in 0..<(f * c) where !Reference.close(scores.values[i], expected[i], relative: 1e-4) { wrong += 1 }
        #expect(wrong == 0)
        #expect(expected.contains(.infinity) && expected.contains { $0 != .infinity })
    }

    @Test("a batch without bounds or unreachable pairs keeps every pair feasible")
    func noMaskWithoutBounds() {
        let batch = Self.batch(f: 20, u: 10, c: 7, seed: 3, sourcesPerFunction: 2)
        let input = try! ScoringInput(
            functionCount: 20, sourceCount: 10, clusterCount: 7, traffic: batch.traffic, cost: batch.cost)
        let scores = BatchedScorer(threads: 2).score(input)
        for fn in 0..<20 { for c in 0..<7 { #expect(scores.isFeasible(function: fn, cluster: c)) } }
    }

    @Test("invalid input is described, naming the matrix and the index")
    func problemsAreReported() {
        let batch = Self.batch(f: 4, u: 3, c: 2, seed: 5, sourcesPerFunction: 1)
        var traffic = batch.traffic
        traffic[5] = .nan
        let error = #expect(throws: ScoringInputError.self) {
            try ScoringInput(
                functionCount: 4, sourceCount: 3, clusterCount: 2, traffic: traffic, cost: Array(batch.cost.dropLast()))
        }
        #expect(error?.problems.contains { $0.contains("traffic[5]") } == true)
        #expect(error?.problems.contains { $0.contains("cost has 5 values, expected 6") } == true)
    }
}
