/// Blocked (tiled) Floyd–Warshall over a closed semiring.
///
/// Venkataraman, Sahni and Mukhopadhyaya, "A blocked all-pairs shortest-paths
/// algorithm", ACM JEA 8 (2003), doi:10.1145/996546.996553. The matrix is cut into
/// `T × T` tiles. Round `k` closes diagonal tile (k,k) (phase 1), multiplies the
/// row and column panels of round `k` by a copy of it (phase 2, independent
/// products), then updates every other tile `(i,j)` with `(i,k) ⊗ (k,j)` (phase 3,
/// independent products). Phases 2 and 3 run in parallel with one join each, so
/// there are `2n/T` joins instead of one barrier per `k`.
///
/// In-place panel products read some values already improved in the same phase;
/// every value stays the length of a real path and never exceeds what the textbook
/// order computes, so the result is exact.
struct BlockedFloydWarshall {
    let kernels: TileKernelTable
    let threads: Int

    /// Tile edge for `n` nodes: a multiple of the kernels' register block that
    /// wastes the least padding, larger tiles preferred on ties.
    static func tileSize(for n: Int, multiple: Int) -> Int {
        let candidates = [128, 96, 64].filter { $0 % multiple == 0 }
        var best = candidates.last ?? multiple
        var bestPadded = Int.max
        for t in candidates {
            let padded = (n + t - 1) / t * t
            if padded < bestPadded {
                best = t
                bestPadded = padded
            }
        }
        return best
    }

    /// Row stride for `padded` columns: padded off multiples of 256 floats (1 KiB
    /// multiples of 4 KiB pages map rows onto the same cache sets).
    static func stride(for padded: Int) -> Int {
        padded % 256 == 0 ? padded + 32 : padded
    }

    /// Closes `graph` and returns the all-pairs matrix.
    /// - Complexity: O(n³) semiring updates; memory n² floats plus one tile row.
    func run(_ graph: Graph) -> CostMatrix {
        let n = graph.nodeCount
        let algebra = graph.algebra
        let multiple = max(kernels.rowMultiple, kernels.columnMultiple)
        let t = Self.tileSize(for: max(n, 1), multiple: multiple)
        let padded = max((n + t - 1) / t * t, t)
        let stride = Self.stride(for: padded)
        // Rows are filled on the closure's threads (each row's pages first touched by the
        // thread that fills it): a serial fill was 3% of a 2-thread run at n = 2,000.
        var d = [Float](unsafeUninitializedCapacity: padded * stride) { buffer, count in
            let base = UncheckedBox(buffer.baseAddress!)
            Parallel.forEach(count: padded, threads: threads, grain: 16) { u in
                let row = base.value + u * stride
                row.initialize(repeating: algebra.unreachable, count: stride)
                row[u] = algebra.identity
                guard u < n else { return }
                for a in Int(graph.offsets[u])..<Int(graph.offsets[u + 1]) {
                    let v = Int(graph.targets[a])
                    row[v] = algebra.better(row[v], graph.weights[a])
                }
            }
            count = padded * stride
        }
        d.withUnsafeMutableBufferPointer { buffer in
            close(buffer.baseAddress!, padded: padded, stride: stride, tile: t, algebra: algebra)
        }
        d.removeLast((padded - n) * stride)
        return CostMatrix(count: n, stride: stride, algebra: algebra, storage: d)
    }

    private func close(_ d: UnsafeMutablePointer<Float>, padded: Int, stride: Int, tile t: Int, algebra: PathAlgebra) {
        let blocks = padded / t
        let product = kernels.product(algebra)
        let closure = kernels.closure(algebra)
        let packA = kernels.packA
        let packB = kernels.packB
        let unit = Float(1)
        let tileFloats = t * t
        // Packed operands of the current round: the closed diagonal tile in both
        // layouts, then one slot per tile of the row panel (as right operands) and
        // of the column panel (as left operands). Each task writes only its slots.
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: (2 + 2 * blocks) * tileFloats)
        defer { buffer.deallocate() }
        let slots = UncheckedBox((d, buffer))
        @inline(__always) func at(_ bi: Int, _ bj: Int) -> UnsafeMutablePointer<Float> {
            slots.value.0 + bi * t * stride + bj * t
        }
        @inline(__always) func diagonalA() -> UnsafeMutablePointer<Float> { slots.value.1 }
        @inline(__always) func diagonalB() -> UnsafeMutablePointer<Float> { slots.value.1 + tileFloats }
        @inline(__always) func rowSlot(_ j: Int) -> UnsafeMutablePointer<Float> { slots.value.1 + (2 + j) * tileFloats }
        @inline(__always) func columnSlot(_ i: Int) -> UnsafeMutablePointer<Float> {
            slots.value.1 + (2 + blocks + i) * tileFloats
        }
        for k in 0..<blocks {
            // Phase 1: close the diagonal tile and pack it both ways.
            let dkk = at(k, k)
            closure(dkk, stride, t, unit)
            packA(dkk, stride, t, t, diagonalA())
            packB(dkk, stride, t, t, diagonalB())
            // Phase 2: row panel (k, j) = D*kk ⊗ (k, j); column panel (i, k) = (i, k) ⊗ D*kk.
            // D*kk is closed and has the identity on its diagonal, so one product against
            // the panel's old value is its exact new value. Then pack it for phase 3.
            let others = blocks - 1
            Parallel.forEach(count: 2 * others, threads: threads) { item in
                let other = item % others
                let index = other < k ? other : other + 1
                if item < others {
                    let c = at(k, index)
                    let slot = rowSlot(index)
                    packB(c, stride, t, t, slot)
                    product(c, stride, diagonalA(), slot, t, t, t, unit)
                    packB(c, stride, t, t, slot)
                } else {
                    let c = at(index, k)
                    let slot = columnSlot(index)
                    packA(c, stride, t, t, slot)
                    product(c, stride, slot, diagonalB(), t, t, t, unit)
                    packA(c, stride, t, t, slot)
                }
            }
            // Phase 3: every other tile (i, j) = better((i, j), (i, k) ⊗ (k, j)).
            Parallel.forEach(count: others * others, threads: threads) { item in
                let bi = item / others
                let bj = item % others
                let i = bi < k ? bi : bi + 1
                let j = bj < k ? bj : bj + 1
                product(at(i, j), stride, columnSlot(i), rowSlot(j), t, t, t, unit)
            }
        }
    }
}
