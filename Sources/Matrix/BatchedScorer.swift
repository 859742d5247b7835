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
    ///
    /// A function's worst latency to each cluster depends only on which sources
    /// carry its traffic (its support), not on how much. Functions with large
    /// supports (over ``sharedSupportThreshold`` sources) are grouped by support and
    /// each group's worst-latency row is computed once, so a batch where every
    /// function hears from every source costs O(U·C + F·C) here instead of O(F·U·C).
    private func mask(_ values: inout [Float], _ input: ScoringInput) {
        let f = input.functionCount, u = input.sourceCount, c = input.clusterCount
        let latency = input.latency ?? input.cost
        let bounds = input.maxLatency
        // Sources with an unreachable cluster; only their rows need the reachability pass.
        let sourceHasUnreachable = (0..<u).map { s in input.cost[(s * c)..<((s + 1) * c)].contains(.infinity) }
        let anyUnreachable = sourceHasUnreachable.contains(true)
        let groups = SupportGroups(
            traffic: input.traffic, functions: f, sources: u, threshold: Self.sharedSupportThreshold, threads: threads)
        // Per group: worst latency row, then worst cost row over sources that can be unreachable.
        var shared = [Float](repeating: -.infinity, count: groups.representatives.count * 2 * c)
        values.withUnsafeMutableBufferPointer { out in
            latency.withUnsafeBufferPointer { lat in
                input.cost.withUnsafeBufferPointer { cost in
                    input.traffic.withUnsafeBufferPointer { traffic in
                        shared.withUnsafeMutableBufferPointer { sharedBuffer in
                            let p = UncheckedBox(
                                (
                                    out.baseAddress!, lat.baseAddress!, cost.baseAddress!, traffic.baseAddress!,
                                    sharedBuffer.baseAddress!
                                ))
                            func rows(of fn: Int, bounded: Bool) -> ([UnsafePointer<Float>], [UnsafePointer<Float>]) {
                                let (_, lat, cost, traffic, _) = p.value
                                var latencyRows: [UnsafePointer<Float>] = []
                                var unreachableRows: [UnsafePointer<Float>] = []
                                func add(_ s: Int) {
                                    if bounded { latencyRows.append(lat + s * c) }
                                    if sourceHasUnreachable[s] { unreachableRows.append(cost + s * c) }
                                }
                                let count = Int(groups.counts[fn])
                                if count <= groups.threshold {
                                    for k in 0..<count { add(Int(groups.smallSupports[fn * groups.threshold + k])) }
                                } else {
                                    for s in 0..<u where traffic[fn * u + s] > 0 { add(s) }
                                }
                                return (latencyRows, unreachableRows)
                            }
                            Parallel.forEach(count: groups.representatives.count, threads: threads) { g in
                                let (latencyRows, unreachableRows) = rows(of: groups.representatives[g], bounded: true)
                                let worst = UnsafeMutablePointer(p.value.4 + g * 2 * c)
                                latencyRows.withUnsafeBufferPointer { ScoreMask.maximum(of: $0, into: worst, count: c) }
                                unreachableRows.withUnsafeBufferPointer {
                                    ScoreMask.maximum(of: $0, into: worst + c, count: c)
                                }
                            }
                            Parallel.forEach(count: f, threads: threads, grain: 16) { fn in
                                let out = p.value.0 + fn * c
                                let bound = bounds?[fn] ?? .infinity
                                if let g = groups.group[fn] {
                                    let worst = UnsafePointer(p.value.4 + g * 2 * c)
                                    if bound != .infinity {
                                        [worst].withUnsafeBufferPointer {
                                            ScoreMask.exclude(row: out, whereAnyOf: $0, exceeds: bound, count: c)
                                        }
                                    }
                                    if anyUnreachable {
                                        [worst + c].withUnsafeBufferPointer {
                                            ScoreMask.exclude(
                                                row: out, whereAnyOf: $0, exceeds: .greatestFiniteMagnitude, count: c)
                                        }
                                    }
                                    return
                                }
                                let (latencyRows, unreachableRows) = rows(of: fn, bounded: bound != .infinity)
                                latencyRows.withUnsafeBufferPointer {
                                    ScoreMask.exclude(row: out, whereAnyOf: $0, exceeds: bound, count: c)
                                }
                                unreachableRows.withUnsafeBufferPointer {
                                    ScoreMask.exclude(
                                        row: out, whereAnyOf: $0, exceeds: .greatestFiniteMagnitude, count: c)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Supports larger than this many sources are grouped and their worst rows shared.
    static let sharedSupportThreshold = 64
}
