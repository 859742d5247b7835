public import Solver
import Matrix

/// The ALTO server and placement API (issues 4 and 5) live in this module.
public enum APIModule {
    public static var solverKernelLevel: String { SolverModule.kernelLevel.rawValue }
}
