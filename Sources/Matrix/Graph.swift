/// A directed graph with one `Float` weight per arc, in compressed sparse row form.
///
/// Arcs out of node `u` are `targets[offsets[u]..<offsets[u+1]]` with the same
/// range of `weights`. Parallel arcs are merged on construction, keeping the
/// better weight under the graph's algebra, and self-loops are dropped (a node
/// reaches itself at the algebra's identity).
public struct Graph: Sendable, Hashable {
    /// Nodes are `0..<nodeCount`.
    public let nodeCount: Int
    /// The algebra the weights are meant for; decides which parallel arc is kept.
    public let algebra: PathAlgebra
    /// Row starts: `nodeCount + 1` entries.
    public let offsets: [Int32]
    /// Arc heads, grouped by tail, ascending within a group.
    public let targets: [Int32]
    /// Arc weights: milliseconds, hops or Mbit/s, as the metric says.
    public let weights: [Float]

    /// One arc of a graph under construction.
    public struct Arc: Sendable, Hashable {
        public var source: Int32
        public var target: Int32
        public var weight: Float
        public init(source: Int32, target: Int32, weight: Float) {
            self.source = source
            self.target = target
            self.weight = weight
        }
    }

    /// Builds the graph. Weights must be finite and non-negative (positive for
    /// `.widest`); callers validate input before this point.
    /// - Complexity: O(arcs log arcs).
    public init(nodeCount: Int, arcs: [Arc], algebra: PathAlgebra) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max))
        self.nodeCount = nodeCount
        self.algebra = algebra
        var sorted = arcs.filter { $0.source != $0.target }
        sorted.sort { ($0.source, $0.target) < ($1.source, $1.target) }
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        var targets: [Int32] = []
        var weights: [Float] = []
        targets.reserveCapacity(sorted.count)
        weights.reserveCapacity(sorted.count)
        var previous: (Int32, Int32)? = nil
        for arc in sorted {
            precondition(
                arc.source >= 0 && Int(arc.source) < nodeCount && arc.target >= 0 && Int(arc.target) < nodeCount)
            if let p = previous, p == (arc.source, arc.target) {
                weights[weights.count - 1] = algebra.better(weights[weights.count - 1], arc.weight)
                continue
            }
            previous = (arc.source, arc.target)
            targets.append(arc.target)
            weights.append(arc.weight)
            offsets[Int(arc.source) + 1] += 1
        }
        for u in 0..<nodeCount { offsets[u + 1] += offsets[u] }
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// Number of arcs after merging.
    public var arcCount: Int { targets.count }

    /// Arcs per ordered pair of distinct nodes, in [0, 1].
    public var density: Double {
        nodeCount < 2 ? 1 : Double(arcCount) / (Double(nodeCount) * Double(nodeCount - 1))
    }

    /// The same graph with every arc weighing 1: for hop counts.
    public func unitWeights() -> Graph {
        Graph(
            nodeCount: nodeCount, algebra: .shortest, offsets: offsets, targets: targets,
            weights: [Float](repeating: 1, count: targets.count))
    }

    private init(nodeCount: Int, algebra: PathAlgebra, offsets: [Int32], targets: [Int32], weights: [Float]) {
        self.nodeCount = nodeCount
        self.algebra = algebra
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }
}
