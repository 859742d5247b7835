import Dispatch

extension KernelLevel {
    /// Min-plus updates per second of this level's tile kernel on one thread with
    /// every operand in the L1 data cache: two register blocks of rows by one column
    /// multiple, depth 96 (the tile edge Floyd–Warshall uses at n = 2,000), called
    /// back to back for about `seconds`, the fastest of three batches.
    ///
    /// This is the ceiling of a Floyd–Warshall built on the kernel, which adds to it
    /// the C tiles' round trips through L2 and L3, packing, the diagonal closure and
    /// padding; and its ratio to the cores' issue peak (register-only fma + min pairs,
    /// `../shared/tools/apsp-reference`) is what the kernel's loads and broadcasts cost.
    /// Precondition: the CPU supports this level.
    /// - Complexity: about `3 · seconds` of one thread.
    public func inCacheRate(seconds: Double = 0.1) -> Double {
        let table = TileKernelTable(self)
        let rows = 2 * table.rowMultiple, cols = table.columnMultiple, depth = 96
        var a = [Float](repeating: 0, count: rows * depth)
        var b = [Float](repeating: 0, count: depth * cols)
        var c = [Float](repeating: 1e9, count: rows * cols)
        var state: UInt64 = 7
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 100
        }
        for i in a.indices { a[i] = next() }
        for i in b.indices { b[i] = next() }
        let product = table.minPlus
        let updates = Double(rows * cols * depth)
        var best = 0.0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    func batch(_ calls: Int) -> Double {
                        let start = DispatchTime.now().uptimeNanoseconds
                        for _ in 0..<calls {
                            product(c.baseAddress!, cols, a.baseAddress!, b.baseAddress!, rows, cols, depth, 1)
                        }
                        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    }
                    // Size the batch from a short warm-up run.
                    var calls = 64
                    while batch(calls) < 0.01 { calls *= 4 }
                    calls = max(1, Int(Double(calls) * seconds / max(batch(calls), 1e-6)))
                    for _ in 0..<3 { best = max(best, Double(calls) * updates / batch(calls)) }
                }
            }
        }
        return best
    }
}
