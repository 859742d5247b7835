import Foundation
public import Solver
public import Store

/// The body of `GET /placements/{id}`: the summary and the solver's result.
public struct PlacementDocument: Sendable, Hashable, Codable {
    public var id: String
    public var state: String
    public var createdAt: String
    public var releasedAt: String?
    public var consumption: [String: ResourceAmounts]
    public var result: PlacementResult
    /// Each delivered function's delivery state, by function id (functions without a
    /// `workload` are not delivered by altoplace and are left out).
    public var delivery: [String: FunctionDelivery]

    public init(_ record: PlacementRecord, delivery: [String: FunctionDelivery] = [:]) throws {
        self.delivery = delivery
        id = record.id
        state = record.state
        createdAt = record.createdAt
        releasedAt = record.releasedAt
        consumption = record.consumption
        result = try JSONDecoder().decode(PlacementResult.self, from: Data(record.result.utf8))
    }
}
