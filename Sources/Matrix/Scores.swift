/// The result of batched scoring: one total cost per function and cluster.
public struct Scores: Sendable, Hashable {
    /// F, rows.
    public let functionCount: Int
    /// C, columns.
    public let clusterCount: Int
    /// F × C row-major: traffic-weighted network cost plus extra cost, or
    /// `+infinity` where the pair is excluded (see ``isFeasible(function:cluster:)``).
    public let values: [Float]

    /// Whether cluster `c` can serve function `f`: every source with traffic reaches
    /// it, within the function's latency bound.
    public func isFeasible(function f: Int, cluster c: Int) -> Bool {
        values[f * clusterCount + c] != .infinity
    }

    /// The score of `f` on `c`, nil when excluded.
    public func score(function f: Int, cluster c: Int) -> Float? {
        let v = values[f * clusterCount + c]
        return v == .infinity ? nil : v
    }
}
