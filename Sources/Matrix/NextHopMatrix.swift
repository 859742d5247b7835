/// The first hop of a best path between every ordered pair of nodes.
///
/// Following first hops from `i` toward `j` walks one best path; the walk ends in
/// at most `count - 1` steps. Row-major `count × count` `Int32`s; `-1` marks the
/// diagonal and unreachable pairs.
public struct NextHopMatrix: Sendable, Hashable {
    /// Number of nodes.
    public let count: Int
    /// `count × count` first hops, row-major.
    public let storage: [Int32]

    init(count: Int, storage: [Int32]) {
        precondition(storage.count == count * count)
        self.count = count
        self.storage = storage
    }

    /// The node after `i` on a best path from `i` to `j`; `nil` if `i == j` or unreachable.
    public func nextHop(from i: Int, to j: Int) -> Int? {
        let v = storage[i * count + j]
        return v < 0 ? nil : Int(v)
    }

    /// The nodes of a best path from `i` to `j`, both ends included; `[i]` when
    /// `i == j`, `nil` when `j` is unreachable.
    /// - Complexity: O(path length).
    public func path(from i: Int, to j: Int) -> [Int]? {
        if i == j { return [i] }
        var path = [i]
        var u = i
        while u != j {
            guard let next = nextHop(from: u, to: j), path.count <= count else { return nil }
            path.append(next)
            u = next
        }
        return path
    }

    /// First hops derived from a finished all-pairs matrix: for each source, a
    /// breadth-first search over *tight* arcs (arcs `u→v` whose extension of the
    /// best value to `u` reaches the best value to `v`, within a relative
    /// tolerance of 1e-5 for float rounding). Visiting each node once makes every
    /// tree acyclic, so zero-weight cycles cannot trap a path walk.
    /// - Complexity: O(n · (n + m)), parallel over sources.
    static func derive(from costs: CostMatrix, graph: Graph, threads: Int) -> NextHopMatrix {
        let n = costs.count
        let algebra = costs.algebra
        var hops = [Int32](repeating: -1, count: n * n)
        hops.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedBox(buffer.baseAddress!)
            // Scratch per chunk of sources, not per source: the BFS queue and marks are reused.
            let chunk = 16
            Parallel.forEach(count: (n + chunk - 1) / chunk, threads: threads) { c in
                var queue = [Int32](repeating: 0, count: n)
                var visited = [Bool](repeating: false, count: n)
                for s in (c * chunk)..<min((c + 1) * chunk, n) {
                    for v in 0..<n { visited[v] = false }
                    let row = out.value + s * n
                    let base = s * costs.stride
                    var head = 0
                    var tail = 0
                    queue[tail] = Int32(s)
                    tail += 1
                    visited[s] = true
                    while head < tail {
                        let u = Int(queue[head])
                        head += 1
                        let du = costs.storage[base + u]
                        for a in Int(graph.offsets[u])..<Int(graph.offsets[u + 1]) {
                            let v = Int(graph.targets[a])
                            if visited[v] { continue }
                            let dv = costs.storage[base + v]
                            let candidate = algebra.extend(du, graph.weights[a])
                            let tight: Bool
                            switch algebra {
                            case .shortest: tight = candidate <= dv + 1e-5 * abs(dv) + 1e-7
                            case .widest: tight = candidate >= dv - 1e-5 * abs(dv)
                            }
                            guard tight, dv != algebra.unreachable else { continue }
                            visited[v] = true
                            row[v] = u == s ? Int32(v) : row[u]
                            queue[tail] = Int32(v)
                            tail += 1
                        }
                    }
                }
            }
        }
        return NextHopMatrix(count: n, storage: hops)
    }
}
