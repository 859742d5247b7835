public import ALTO
public import Foundation
import Matrix
import Solver
import Topology

/// A stored report and its place in the history: `sequence` grows by one per accepted
/// report and is the server-sent event id.
public struct DCInfoEvent: Sendable, Hashable {
    public var sequence: Int64
    public var info: DCInfo
    /// When this server stored it (its clock, not the reporter's): ages count from here.
    public var receivedAt: Date

    public init(sequence: Int64, info: DCInfo, receivedAt: Date = Date()) {
        self.sequence = sequence
        self.info = info
        self.receivedAt = receivedAt
    }
}
