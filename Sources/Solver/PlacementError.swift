/// Why a placement request could not be solved at all (bad input, unreadable
/// network). A request that is merely infeasible gets a result with that status.
public enum PlacementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found in the request.
    case invalidRequest(problems: [String])
    /// The network could not be read or resolved.
    case network(String)

    public var description: String {
        switch self {
        case .invalidRequest(let problems):
            "invalid placement request (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n- "
                + problems.joined(separator: "\n- ")
        case .network(let why): "network: \(why)"
        }
    }
}
