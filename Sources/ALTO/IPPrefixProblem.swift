import Matrix
import Topology

/// A prefix string that could not be read, and why.
public struct IPPrefixProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "\"\(text)\": \(reason)" }
}
