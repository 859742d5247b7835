public import Matrix

/// The placement solver (issue 3). This module is the home of the placement model,
/// the GLPK-backed ILP and its heuristics; for now it re-exports the cost-matrix
/// engine it builds on.
public enum SolverModule {
    /// The kernel level the solver's cost computations run on.
    public static var kernelLevel: KernelLevel { .best }
}
