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
