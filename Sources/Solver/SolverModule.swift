public import Matrix

/// The placement solver lands here (issue 3): the placement model, the GLPK-backed
/// ILP and its heuristics. Until then the module only fixes its place in the
/// dependency chain Matrix ← Solver ← API.
public enum SolverModule {
    /// The cost-matrix kernel level solves will run on.
    public static var kernelLevel: KernelLevel { .best }
}
