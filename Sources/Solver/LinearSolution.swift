/// The result of one ``GLPKSolver`` call.
public struct LinearSolution: Sendable, Hashable {
    public var status: ModelStatus
    /// Objective of `values`, when there is a solution.
    public var objective: Double?
    /// A proven lower bound on the optimum (the best open node, or the optimum).
    public var bestBound: Double?
    /// The root LP relaxation's optimum, for integer models, when GLPK reports it.
    public var rootRelaxation: Double?
    /// Column values, empty when there is no solution.
    public var values: [Double]
    /// Branch-and-bound nodes explored.
    public var nodes: Int
    /// Whether an offered start was accepted as an incumbent.
    public var startAccepted: Bool
    /// A linear (no integer columns) model's row duals at its optimum, one per row
    /// (GLPK's sign: for a minimisation, ≤ 0 on a binding `≤` row); empty otherwise.
    public var rowDuals: [Double] = []
}
