public import Store

/// One placement in `GET /placements`: id, `committed` or `released`, when, and what it
/// holds on each cluster (cores, GiB, W).
public struct PlacementSummary: Sendable, Hashable, Codable {
    public var id: String
    public var state: String
    public var createdAt: String
    public var releasedAt: String?
    public var consumption: [String: ResourceAmounts]

    public init(_ record: PlacementRecord) {
        id = record.id
        state = record.state
        createdAt = record.createdAt
        releasedAt = record.releasedAt
        consumption = record.consumption
    }
}
