/// Scores every (function, cluster) pair of a batch in one call.
///
/// `score[f][c] = Σ_u traffic[f][u] · cost[u][c] + extra[f][c]`, computed as one
/// `cblas_sgemm` (F × U times U × C, with `extra` preloaded as the `beta = 1`
/// addend), then pairs are excluded (`+infinity`) where a source with traffic
/// cannot reach the cluster or its latency exceeds the function's bound. The mask
/// walks each function's sources with traffic, so it costs O(Σ_f |sources_f| · C):
/// small beside the product when functions have few sources each.
///
/// Unreachable costs are zeroed before the product (so `0 · ∞` never makes a NaN)
/// and the mask restores the exclusion.
public struct BatchedScorer: Sendable {
    /// OpenBLAS and mask threads (≥ 1).
    public var threads: Int

    public init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// The OpenBLAS kernel family that runs the product, for reports.
    public static var blasCoreName: String { BLAS.coreName }

    /// Scores a batch.
    /// - Complexity: O(F·U·C) for the product (BLAS), O(Σ_f |sources_f| · C) for the mask.
    public func score(_ input: ScoringInput) -> Scores {
        let f = input.functionCount, u = input.sourceCount, c = input.clusterCount
        var values = input.extra ?? [Float](repeating: 0, count: f * c)
        guard f > 0, c > 0 else { return Scores(functionCount: f, clusterCount: c, values: values) }
        let hasUnreachable = input.cost.contains(.infinity)
        let finiteCost = hasUnreachable ? input.cost.map { $0 == .infinity ? 0 : $0 } : input.cost
        if u > 0 {
            input.traffic.withUnsafeBufferPointer { a in
                finiteCost.withUnsafeBufferPointer { b in
                    values.withUnsafeMutableBufferPointer { out in
                        BLAS.sgemm(
                            m: f, n: c, k: u, a: a.baseAddress!, b: b.baseAddress!, beta: input.extra == nil ? 0 : 1,
                            c: out.baseAddress!, threads: threads)
                    }
                }
            }
        }
        let bounded = input.maxLatency?.contains { $0 != .infinity } ?? false
        if hasUnreachable || bounded {
            mask(&values, input)
        }
        return Scores(functionCount: f, clusterCount: c, values: values)
    }

    /// Sets excluded pairs to `+infinity`.
    private func mask(_ values: inout [Float], _ input: ScoringInput) {
        let u = input.sourceCount, c = input.clusterCount
        let latency = input.latency ?? input.cost
        // Sources with an unreachable cluster; only their rows need the reachability pass.
        let sourceHasUnreachable = (0..<u).map { s in input.cost[(s * c)..<((s + 1) * c)].contains(.infinity) }
        values.withUnsafeMutableBufferPointer { out in
            latency.withUnsafeBufferPointer { lat in
                input.cost.withUnsafeBufferPointer { cost in
                    input.traffic.withUnsafeBufferPointer { traffic in
                        let p = UncheckedBox((out.baseAddress!, lat.baseAddress!, cost.baseAddress!, traffic.baseAddress!))
                        let bounds = input.maxLatency
                        Parallel.forEach(count: input.functionCount, threads: threads, grain: 16) { fn in
                            let (out, lat, cost, traffic) = p.value
                            let bound = bounds?[fn] ?? .infinity
                            var latencyRows: [UnsafePointer<Float>] = []
                            var unreachableRows: [UnsafePointer<Float>] = []
                            for s in 0..<u where traffic[fn * u + s] > 0 {
                                if bound != .infinity { latencyRows.append(lat + s * c) }
                                if sourceHasUnreachable[s] { unreachableRows.append(cost + s * c) }
                            }
                            latencyRows.withUnsafeBufferPointer {
                                ScoreMask.exclude(row: out + fn * c, whereAnyOf: $0, exceeds: bound, count: c)
                            }
                            unreachableRows.withUnsafeBufferPointer {
                                ScoreMask.exclude(row: out + fn * c, whereAnyOf: $0, exceeds: .greatestFiniteMagnitude, count: c)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The mask's inner loop, on SIMD vectors.
enum ScoreMask {
    /// `row[j] = +infinity` wherever any of `sources[k][j] > limit`. Reads each
    /// source row once and writes the output row once.
    /// - Complexity: O(sources.count × count).
    static func exclude(
        row: UnsafeMutablePointer<Float>, whereAnyOf sources: UnsafeBufferPointer<UnsafePointer<Float>>, exceeds limit: Float,
        count: Int
    ) {
        typealias V = SIMD8<Float>
        guard !sources.isEmpty else { return }
        let w = V.scalarCount
        let lim = V(repeating: limit)
        let inf = V(repeating: .infinity)
        var j = 0
        while j + w <= count {
            var worst = V(repeating: -.infinity)
            for source in sources {
                let v = UnsafeRawPointer(source + j).loadUnaligned(as: V.self)
                worst = worst.replacing(with: v, where: v .> worst)
            }
            let r = UnsafeRawPointer(row + j).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(row + j).storeBytes(of: r.replacing(with: inf, where: worst .> lim), as: V.self)
            j += w
        }
        while j < count {
            if sources.contains(where: { $0[j] > limit }) { row[j] = .infinity }
            j += 1
        }
    }
}

extension BatchedScorer {
    /// The bare product `C = A × B` (row-major, F × U times U × C) on OpenBLAS with
    /// this scorer's thread count: the ceiling scoring is measured against.
    /// - Complexity: 2·m·n·k flops.
    public func multiply(m: Int, n: Int, k: Int, a: [Float], b: [Float]) -> [Float] {
        precondition(a.count == m * k && b.count == k * n)
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(m: m, n: n, k: k, a: a.baseAddress!, b: b.baseAddress!, beta: 0, c: c.baseAddress!, threads: threads)
                }
            }
        }
        return c
    }
}
