public import ALTO
import Matrix
import Solver
import Topology

/// A stored report and its place in the history: `sequence` grows by one per accepted
/// report and is the server-sent event id.
public struct DCInfoEvent: Sendable, Hashable {
    public var sequence: Int64
    public var info: DCInfo

    public init(sequence: Int64, info: DCInfo) {
        self.sequence = sequence
        self.info = info
    }
}
