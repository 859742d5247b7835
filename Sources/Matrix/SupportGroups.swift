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
