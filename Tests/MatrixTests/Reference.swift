import Matrix

/// Straightforward double-precision references the engines are checked against.
enum Reference {
    /// Arcs of a graph as (source, target, weight) in double precision.
    static func arcs(_ g: Graph) -> [(Int, Int, Double)] {
        var out: [(Int, Int, Double)] = []
        for u in 0..<g.nodeCount {
            for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                out.append((u, Int(g.targets[a]), Double(g.weights[a])))
            }
        }
        return out
    }

    /// O(n²) Dijkstra per source in Double: `+infinity` when unreachable.
    static func shortest(nodeCount n: Int, arcs: [(Int, Int, Double)]) -> [[Double]] {
        var adjacency = [[(Int, Double)]](repeating: [], count: n)
        for (u, v, w) in arcs where u != v { adjacency[u].append((v, w)) }
        return (0..<n).map { s in
            var dist = [Double](repeating: .infinity, count: n)
            var done = [Bool](repeating: false, count: n)
            dist[s] = 0
            for _ in 0..<n {
                var u = -1
                for v in 0..<n where !done[v] && dist[v] < .infinity && (u < 0 || dist[v] < dist[u]) { u = v }
                if u < 0 { break }
                done[u] = true
                for (v, w) in adjacency[u] where dist[u] + w < dist[v] { dist[v] = dist[u] + w }
            }
            return dist
        }
    }

    /// Widest paths by Floyd–Warshall in Double: 0 when unreachable, +infinity on the diagonal.
    static func widest(nodeCount n: Int, arcs: [(Int, Int, Double)]) -> [[Double]] {
        var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { d[i][i] = .infinity }
        for (u, v, w) in arcs where u != v { d[u][v] = max(d[u][v], w) }
        for k in 0..<n {
            for i in 0..<n where d[i][k] > 0 {
                for j in 0..<n {
                    let via = min(d[i][k], d[k][j])
                    if via > d[i][j] { d[i][j] = via }
                }
            }
        }
        return d
    }

    /// Whether `a` (Float) matches `b` (Double) within a relative tolerance.
    static func close(_ a: Float, _ b: Double, relative: Double = 2e-5) -> Bool {
        if b.isInfinite || a.isInfinite { return Double(a) == b }
        return abs(Double(a) - b) <= relative * max(1, abs(b))
    }
}
