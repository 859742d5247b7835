import ALTO
import Matrix
import Service
import Solver
import Store
import Topology

/// A setting of `altoplace serve` that cannot be used, and why.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
