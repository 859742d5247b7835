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
