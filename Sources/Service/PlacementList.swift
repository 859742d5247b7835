/// The body of `GET /placements`.
public struct PlacementList: Sendable, Hashable, Codable {
    public var placements: [PlacementSummary]

    public init(placements: [PlacementSummary]) { self.placements = placements }
}
