import ALTO
import Foundation
import GRDB
import Matrix
import Solver
import Topology

/// A committed placement as stored: the request as solved (clusters resolved), the
/// result, what it consumes on each cluster, and when it was released (if it was).
public struct PlacementRecord: Sendable, Hashable {
    public var id: String
    public var createdAt: String
    public var releasedAt: String?
    /// The solved request, JSON.
    public var request: String
    /// The result, JSON.
    public var result: String
    public var consumption: [String: ResourceAmounts]

    public init(
        id: String, createdAt: String, releasedAt: String? = nil, request: String, result: String,
        consumption: [String: ResourceAmounts]
    ) {
        self.id = id
        self.createdAt = createdAt
        self.releasedAt = releasedAt
        self.request = request
        self.result = result
        self.consumption = consumption
    }

    init(row: Row) throws {
        self.init(
            id: row["id"], createdAt: row["createdAt"], releasedAt: row["releasedAt"], request: row["request"],
            result: row["result"], consumption: try ResourceAmounts.decodeMap(row["consumption"]))
    }

    package var consumptionJSON: String { ResourceAmounts.encodeMap(consumption) }

    /// `committed` or `released`.
    public var state: String { releasedAt == nil ? "committed" : "released" }
}
