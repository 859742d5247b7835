/// Why a solve could not run. A solve that ran reports its outcome in a status;
/// this is only for bad input and library failures.
public enum SolverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model has values GLPK would abort on or mis-solve; every problem listed.
    case invalidModel(problems: [String])
    /// GLPK hit a fatal error; the guard freed its environment and the thread can
    /// solve again. Carries GLPK's own message.
    case glpkFailure(message: String)
    /// An offered start has the wrong number of values or non-finite ones.
    case invalidStart(String)

    public var description: String {
        switch self {
        case .invalidModel(let problems): "invalid model: " + problems.joined(separator: "; ")
        case .glpkFailure(let message): "GLPK failed: " + message
        case .invalidStart(let why): "invalid start: " + why
        }
    }
}
