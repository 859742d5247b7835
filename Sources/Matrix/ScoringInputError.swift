/// Why a ``ScoringInput`` was refused: every problem found, one sentence each.
public struct ScoringInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "invalid scoring input: " + problems.joined(separator: "; ") }
}
