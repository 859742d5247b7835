/// A topology reduced to what the cost-matrix engine needs: node ids and directed,
/// weighted arcs. Made by ``Topology/resolved(_:)``, which documents the rules.
public struct ResolvedTopology: Sendable, Hashable {
    /// A one-way connection between two nodes.
    public struct Arc: Sendable, Hashable {
        /// Index into ``ResolvedTopology/nodeIDs``.
        public var source: Int32
        /// Index into ``ResolvedTopology/nodeIDs``; never equal to `source`.
        public var target: Int32
        /// One-way delay in ms, finite and ≥ 0.
        public var delay: Float
        /// Capacity in Mbit/s, or `nil` if no link behind the arc gave one.
        public var bandwidth: Float?

        public init(source: Int32, target: Int32, delay: Float, bandwidth: Float? = nil) {
            self.source = source
            self.target = target
            self.delay = delay
            self.bandwidth = bandwidth
        }
    }

    /// Node ids, in the order of ``Topology/nodes``.
    public var nodeIDs: [String]
    /// Directed arcs sorted by (source, target), at most one per ordered pair, no self-loops.
    public var arcs: [Arc]
    /// What resolution had to assume or drop, one sentence each, in a stable order.
    public var warnings: [String]

    public init(nodeIDs: [String], arcs: [Arc], warnings: [String] = []) {
        self.nodeIDs = nodeIDs
        self.arcs = arcs
        self.warnings = warnings
    }
}
