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

/// Functions grouped by support (the set of sources with traffic > 0), for the
/// supports larger than a threshold.
struct SupportGroups {
    /// For each function, its group, or nil when its support is small.
    var group: [Int?]
    /// One function per group, whose support the group shares.
    var representatives: [Int] = []
    /// Sources with traffic per function (count).
    var counts: [Int32]
    /// For functions with at most `threshold` sources: their sources, `threshold`
    /// slots per function, so masking needs no second scan of the traffic matrix.
    var smallSupports: [Int32]
    let threshold: Int

    init(traffic: [Float], functions f: Int, sources u: Int, threshold: Int, threads: Int) {
        self.threshold = threshold
        var signatures = [UInt64](repeating: 0, count: f)
        var counts = [Int32](repeating: 0, count: f)
        var small = [Int32](repeating: 0, count: f * threshold)
        signatures.withUnsafeMutableBufferPointer { sig in
            counts.withUnsafeMutableBufferPointer { cnt in
                small.withUnsafeMutableBufferPointer { sm in
                    let out = UncheckedBox((sig.baseAddress!, cnt.baseAddress!, sm.baseAddress!))
                    traffic.withUnsafeBufferPointer { t in
                        let rows = UncheckedBox(t.baseAddress!)
                        Parallel.forEach(count: f, threads: threads, grain: 64) { fn in
                            var count = 0
                            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                            let list = out.value.2 + fn * threshold
                            for s in 0..<u where rows.value[fn * u + s] > 0 {
                                if count < threshold { list[count] = Int32(s) }
                                count += 1
                                hash = (hash ^ UInt64(s)) &* 0x0000_0100_0000_01B3
                            }
                            out.value.0[fn] = hash
                            out.value.1[fn] = Int32(count)
                        }
                    }
                }
            }
        }
        self.counts = counts
        self.smallSupports = small
        // Group by signature, then check each member against its representative source
        // by source, in parallel; a member whose support differs after all (a hash
        // collision) leaves the group and is masked on its own.
        var group = [Int?](repeating: nil, count: f)
        var byKey: [UInt64: Int] = [:]
        for fn in 0..<f where Int(counts[fn]) > threshold {
            let key = signatures[fn] ^ (UInt64(counts[fn]) &* 0x9E37_79B9_7F4A_7C15)
            if let g = byKey[key] {
                group[fn] = g
            } else {
                byKey[key] = representatives.count
                group[fn] = representatives.count
                representatives.append(fn)
            }
        }
        let representatives = self.representatives
        group.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedBox(buffer.baseAddress!)
            Parallel.forEach(count: f, threads: threads, grain: 64) { fn in
                guard let g = out.value[fn], representatives[g] != fn else { return }
                if !Self.sameSupport(traffic, representatives[g], fn, u) { out.value[fn] = nil }
            }
        }
        self.group = group
    }

    static func sameSupport(_ traffic: [Float], _ a: Int, _ b: Int, _ u: Int) -> Bool {
        for s in 0..<u where (traffic[a * u + s] > 0) != (traffic[b * u + s] > 0) { return false }
        return true
    }
}

/// The mask's inner loop, on SIMD vectors.
enum ScoreMask {
    /// `out[j] = max(out[j], max_k rows[k][j])`.
    /// - Complexity: O(rows.count × count).
    static func maximum(
        of rows: UnsafeBufferPointer<UnsafePointer<Float>>, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        typealias V = SIMD8<Float>
        let w = V.scalarCount
        var j = 0
        while j + w <= count {
            var worst = UnsafeRawPointer(out + j).loadUnaligned(as: V.self)
            for source in rows {
                let v = UnsafeRawPointer(source + j).loadUnaligned(as: V.self)
                worst = worst.replacing(with: v, where: v .> worst)
            }
            UnsafeMutableRawPointer(out + j).storeBytes(of: worst, as: V.self)
            j += w
        }
        while j < count {
            for source in rows where source[j] > out[j] { out[j] = source[j] }
            j += 1
        }
    }

    /// `row[j] = +infinity` wherever any of `sources[k][j] > limit`. Reads each
    /// source row once and writes the output row once.
    /// - Complexity: O(sources.count × count).
    static func exclude(
        row: UnsafeMutablePointer<Float>, whereAnyOf sources: UnsafeBufferPointer<UnsafePointer<Float>>,
        exceeds limit: Float,
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
                    BLAS.sgemm(
                        m: m, n: n, k: k, a: a.baseAddress!, b: b.baseAddress!, beta: 0, c: c.baseAddress!,
                        threads: threads)
                }
            }
        }
        return c
    }
}
