/// Seeded random graphs for tests and benchmarks.
public enum GraphGenerator {
    /// A complete directed graph: every ordered pair gets an arc whose weight is
    /// uniform in `weights`. Under `.widest` the weights are bandwidths.
    /// - Complexity: O(n²).
    public static func dense(
        nodes n: Int, seed: UInt64, weights: Range<Float> = 1..<100, algebra: PathAlgebra = .shortest
    ) -> Graph {
        var rng = SplitMix64(seed: seed)
        var arcs: [Graph.Arc] = []
        arcs.reserveCapacity(n * max(n - 1, 0))
        for i in 0..<n {
            for j in 0..<n where i != j {
                arcs.append(Graph.Arc(source: Int32(i), target: Int32(j), weight: rng.nextFloat(in: weights)))
            }
        }
        return Graph(nodeCount: n, arcs: arcs, algebra: algebra)
    }

    /// A random geometric graph: `n` points uniform in the unit square, each linked
    /// (both ways) to its nearest neighbours so that the average degree is about
    /// `degree`; weight = Euclidean distance × 1000 (a delay-like value), or under
    /// `.widest` a bandwidth uniform in 100..<10000. Like a road or fibre network:
    /// sparse, planar-ish, large diameter. Always connected: each component that the
    /// nearest-neighbour links leave apart is joined to its nearest outside node.
    /// - Complexity: O(n · k · log n) with a grid index, plus the joins.
    public static func geometric(nodes n: Int, degree: Double, seed: UInt64, algebra: PathAlgebra = .shortest) -> Graph
    {
        var rng = SplitMix64(seed: seed)
        var xs = [Float](repeating: 0, count: n)
        var ys = [Float](repeating: 0, count: n)
        for i in 0..<n {
            xs[i] = rng.nextFloat(in: 0..<1)
            ys[i] = rng.nextFloat(in: 0..<1)
        }
        // Each node links to its k nearest; the union of both directions has
        // average degree a little above k, so aim k at about 3/4 of the target.
        let k = max(1, Int((degree * 0.75).rounded()))
        let cells = max(1, Int(Double(n / 2).squareRoot()))
        var grid = [[Int32]](repeating: [], count: cells * cells)
        func cell(_ v: Float) -> Int { min(cells - 1, Int(v * Float(cells))) }
        for i in 0..<n { grid[cell(ys[i]) * cells + cell(xs[i])].append(Int32(i)) }
        var edges = Set<UInt64>()
        var arcs: [Graph.Arc] = []
        // Union-find over the links, rooted at the smallest node of each component.
        var parent = Array(0..<n)
        func root(_ v: Int) -> Int {
            var v = v
            while parent[v] != v {
                parent[v] = parent[parent[v]]
                v = parent[v]
            }
            return v
        }
        func link(_ i: Int, _ j: Int, _ d2: Float) {
            let a = UInt64(min(i, j)), b = UInt64(max(i, j))
            guard edges.insert(a << 32 | b).inserted else { return }
            let w: Float
            switch algebra {
            case .shortest: w = d2.squareRoot() * 1000
            case .widest: w = rng.nextFloat(in: 100..<10000)
            }
            arcs.append(Graph.Arc(source: Int32(i), target: Int32(j), weight: w))
            arcs.append(Graph.Arc(source: Int32(j), target: Int32(i), weight: w))
            let x = root(i), y = root(j)
            if x != y { parent[max(x, y)] = min(x, y) }
        }
        for i in 0..<n {
            var radius = 1
            var found: [(Float, Int32)] = []
            while true {
                found.removeAll(keepingCapacity: true)
                let cx = cell(xs[i]), cy = cell(ys[i])
                for gy in max(0, cy - radius)...min(cells - 1, cy + radius) {
                    for gx in max(0, cx - radius)...min(cells - 1, cx + radius) {
                        for j in grid[gy * cells + gx] where Int(j) != i {
                            let dx = xs[i] - xs[Int(j)], dy = ys[i] - ys[Int(j)]
                            found.append((dx * dx + dy * dy, j))
                        }
                    }
                }
                let covered = Float(radius) / Float(cells)
                found.sort { $0.0 < $1.0 }
                if found.count >= k && found[k - 1].0 <= covered * covered || radius >= cells { break }
                radius += 1
            }
            for (d2, j) in found.prefix(k) { link(i, Int(j), d2) }
        }
        // Join the components: each one that does not hold node 0 gets an edge from its
        // first node to the nearest node outside it, until one component is left.
        var joined = true
        while joined {
            joined = false
            for i in 0..<n where root(i) == i && root(i) != root(0) {
                let cx = cell(xs[i]), cy = cell(ys[i])
                var nearest: (Float, Int)? = nil
                var radius = 1
                while nearest == nil || radius <= 2 {
                    for gy in max(0, cy - radius)...min(cells - 1, cy + radius) {
                        for gx in max(0, cx - radius)...min(cells - 1, cx + radius) {
                            for j in grid[gy * cells + gx] where root(Int(j)) != root(i) {
                                let dx = xs[i] - xs[Int(j)], dy = ys[i] - ys[Int(j)]
                                let d2 = dx * dx + dy * dy
                                if d2 < nearest?.0 ?? .infinity { nearest = (d2, Int(j)) }
                            }
                        }
                    }
                    if radius >= cells { break }
                    radius += 1
                }
                if let (d2, j) = nearest {
                    link(i, j, d2)
                    joined = true
                }
            }
        }
        return Graph(nodeCount: n, arcs: arcs, algebra: algebra)
    }
}
