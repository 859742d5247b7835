import Matrix
import Topology

/// Why a network map could not be built: every problem found, one per line.
public struct NetworkMapError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { "network map: " + problems.joined(separator: "; ") }
}
