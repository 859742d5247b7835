/// Single-source best paths from every node, sources spread over threads.
///
/// Dijkstra's algorithm with an indexed 4-ary heap (decrease-key in place), in
/// either algebra: (min, +) for costs and hop counts, (max, min) for widest paths
/// (the label-setting argument holds for any selective, monotone semiring). For
/// each source it also records the first hop of the best path to every node.
///
/// - Complexity: O(n · (m + n) log n) time; O(n) scratch per thread.
struct ParallelDijkstra {
    let threads: Int

    /// Runs from every source. When `firstHops` is requested, returns it as an
    /// `n × n` row-major array (`-1` where unreachable or on the diagonal).
    ///
    /// The search runs on a copy of the graph renumbered in breadth-first order, so
    /// nodes settled one after another sit close in memory (labels, heap slots and
    /// arcs stay in L1); each finished row is scattered back to the caller's order.
    /// `sourceLimit` runs only the first that many sources (in the renumbered order),
    /// for calibration; their rows are filled, the others stay unreachable.
    func run(_ graph: Graph, stride: Int, recordFirstHops: Bool, sourceLimit: Int? = nil) -> (CostMatrix, [Int32]?) {
        let n = graph.nodeCount
        let sources = min(n, sourceLimit ?? n)
        let algebra = graph.algebra
        let (local, order) = Self.renumbered(graph)
        var values = [Float](repeating: algebra.unreachable, count: n * stride)
        var hops = recordFirstHops ? [Int32](repeating: -1, count: n * n) : []
        values.withUnsafeMutableBufferPointer { valueBuffer in
            hops.withUnsafeMutableBufferPointer { hopBuffer in
                let out = UncheckedBox((valueBuffer.baseAddress!, recordFirstHops ? hopBuffer.baseAddress : nil))
                local.offsets.withUnsafeBufferPointer { offsets in
                    local.targets.withUnsafeBufferPointer { targets in
                        local.weights.withUnsafeBufferPointer { weights in
                            order.withUnsafeBufferPointer { orderBuffer in
                                let csr = UncheckedBox(
                                    (offsets.baseAddress!, targets.baseAddress!, weights.baseAddress!))
                                let original = UncheckedBox(orderBuffer.baseAddress!)
                                let chunk = max(1, min(64, sources / (8 * max(threads, 1))))
                                let chunks = (sources + chunk - 1) / chunk
                                Parallel.forEach(count: chunks, threads: threads) { c in
                                    var scratch = HeapScratch(count: n)
                                    var labels = [Float](repeating: algebra.unreachable, count: n)
                                    var localHops = [Int32](repeating: -1, count: recordFirstHops ? n : 0)
                                    labels.withUnsafeMutableBufferPointer { labelBuffer in
                                        localHops.withUnsafeMutableBufferPointer { localHopBuffer in
                                            let row = labelBuffer.baseAddress!
                                            let hopRow = recordFirstHops ? localHopBuffer.baseAddress : nil
                                            let map = original.value
                                            for s in (c * chunk)..<min((c + 1) * chunk, sources) {
                                                row.update(repeating: algebra.unreachable, count: n)
                                                switch algebra {
                                                case .shortest:
                                                    Self.single(
                                                        MinHeapOrder.self, source: s, n: n, csr: csr.value, row: row,
                                                        hopRow: hopRow, scratch: &scratch)
                                                case .widest:
                                                    Self.single(
                                                        MaxHeapOrder.self, source: s, n: n, csr: csr.value, row: row,
                                                        hopRow: hopRow, scratch: &scratch)
                                                }
                                                let origin = Int(map[s])
                                                let target = out.value.0 + origin * stride
                                                for v in 0..<n { target[Int(map[v])] = row[v] }
                                                if let hopRow, let hopOut = out.value.1 {
                                                    let hopTarget = hopOut + origin * n
                                                    for v in 0..<n where hopRow[v] >= 0 {
                                                        hopTarget[Int(map[v])] = map[Int(hopRow[v])]
                                                        hopRow[v] = -1
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (CostMatrix(count: n, stride: stride, algebra: algebra, storage: values), recordFirstHops ? hops : nil)
    }

    /// The graph renumbered in breadth-first order (over arcs in both directions,
    /// component by component), and for each new number the original node.
    /// - Complexity: O(n + m log m).
    static func renumbered(_ graph: Graph) -> (Graph, [Int32]) {
        let n = graph.nodeCount
        var reverse = [[Int32]](repeating: [], count: n)
        for u in 0..<n {
            for a in Int(graph.offsets[u])..<Int(graph.offsets[u + 1]) {
                reverse[Int(graph.targets[a])].append(Int32(u))
            }
        }
        var newIndex = [Int32](repeating: -1, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        for start in 0..<n where newIndex[start] < 0 {
            newIndex[start] = Int32(order.count)
            order.append(Int32(start))
            var head = order.count - 1
            while head < order.count {
                let u = Int(order[head])
                head += 1
                for a in Int(graph.offsets[u])..<Int(graph.offsets[u + 1]) {
                    let v = Int(graph.targets[a])
                    if newIndex[v] < 0 {
                        newIndex[v] = Int32(order.count)
                        order.append(Int32(v))
                    }
                }
                for v in reverse[u] where newIndex[Int(v)] < 0 {
                    newIndex[Int(v)] = Int32(order.count)
                    order.append(v)
                }
            }
        }
        var arcs: [Graph.Arc] = []
        arcs.reserveCapacity(graph.arcCount)
        for u in 0..<n {
            for a in Int(graph.offsets[u])..<Int(graph.offsets[u + 1]) {
                arcs.append(
                    .init(source: newIndex[u], target: newIndex[Int(graph.targets[a])], weight: graph.weights[a]))
            }
        }
        return (Graph(nodeCount: n, arcs: arcs, algebra: graph.algebra), order)
    }

    /// Per-thread scratch: an indexed 4-ary heap (keys beside node ids, so sifts
    /// never chase pointers), each node's heap slot, and first hops.
    struct HeapScratch {
        var keys: [Float]
        var nodes: [Int32]
        var slot: [Int32]
        var first: [Int32]
        init(count: Int) {
            keys = [Float](repeating: 0, count: count)
            nodes = [Int32](repeating: 0, count: count)
            slot = [Int32](repeating: -1, count: count)
            first = [Int32](repeating: -1, count: count)
        }
    }

    @inline(__always)
    static func single<O: HeapOrder>(
        _: O.Type, source: Int, n: Int,
        csr: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Float>),
        row: UnsafeMutablePointer<Float>, hopRow: UnsafeMutablePointer<Int32>?, scratch: inout HeapScratch
    ) {
        let (offsets, targets, weights) = csr
        scratch.keys.withUnsafeMutableBufferPointer { keyBuffer in
            scratch.nodes.withUnsafeMutableBufferPointer { nodeBuffer in
                scratch.slot.withUnsafeMutableBufferPointer { slotBuffer in
                    scratch.first.withUnsafeMutableBufferPointer { firstBuffer in
                        var heap = IndexedHeap<O>(
                            keys: keyBuffer.baseAddress!, nodes: nodeBuffer.baseAddress!, slot: slotBuffer.baseAddress!)
                        let first = firstBuffer.baseAddress!
                        // slot: -1 never queued, -2 settled, else index in the heap.
                        heap.slot.update(repeating: -1, count: n)
                        row[source] = O.identity
                        first[source] = -1
                        heap.push(Int32(source), O.identity)
                        while heap.size > 0 {
                            let (node, du) = heap.pop()
                            let u = Int(node)
                            let hopU = first[u]
                            let end = Int(offsets[u + 1])
                            var a = Int(offsets[u])
                            while a < end {
                                let v = Int(targets[a])
                                let s = heap.slot[v]
                                let candidate = O.extend(du, weights[a])
                                a += 1
                                if s == -2 || !O.before(candidate, row[v]) { continue }
                                row[v] = candidate
                                first[v] = u == source ? Int32(v) : hopU
                                if s == -1 {
                                    heap.push(Int32(v), candidate)
                                } else {
                                    heap.decrease(at: Int(s), to: candidate)
                                }
                            }
                        }
                        if let hopRow {
                            for v in 0..<n where heap.slot[v] == -2 && v != source {
                                hopRow[v] = first[v]
                            }
                        }
                    }
                }
            }
        }
    }
}
