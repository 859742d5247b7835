/// How long and how hard to solve.
public struct SolveOptions: Sendable, Hashable, Codable {
    /// Wall-clock limit in seconds (default 10).
    public var timeLimit: Double?
    /// Stop when (objective − bound) / |objective| falls to this (default 1e-4).
    public var relativeGap: Double?
    /// Seed for every randomised choice (default 0): same seed, same answer.
    public var seed: UInt64?
    /// When not everything fits, place the most priority-weighted subset and say why
    /// each other function could not be placed (default false: report infeasible).
    public var allowPartial: Bool?

    public init(timeLimit: Double? = nil, relativeGap: Double? = nil, seed: UInt64? = nil, allowPartial: Bool? = nil) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.seed = seed
        self.allowPartial = allowPartial
    }
}
