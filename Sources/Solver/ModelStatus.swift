/// What happened to a model. Raw values are wire format: add, never rename.
public enum ModelStatus: String, Sendable, Codable {
    /// Proven optimal (within the requested gap for integer models).
    case optimal
    /// A feasible solution, not proven optimal (a limit stopped the search).
    case feasible
    /// Proven to have no feasible solution.
    case infeasible
    /// The objective is unbounded below.
    case unbounded
    /// Stopped by the time limit with no feasible solution.
    case timeLimit
    /// Stopped for another reason with no solution.
    case undefined
}
