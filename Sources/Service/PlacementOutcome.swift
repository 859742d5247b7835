public import Solver

/// The body of `POST /placements`: the placement's id when it was committed (`null` for a
/// dry run or when nothing could be placed), whether it was, the request id for the logs,
/// and the solver's result (checked by the independent validator).
public struct PlacementOutcome: Sendable, Hashable, Codable {
    public var id: String?
    public var committed: Bool
    public var dryRun: Bool
    public var requestId: String
    public var result: PlacementResult
    /// The registered clusters' data centers: dcid, age, staleness, and why a cluster was
    /// left out (empty when the request gave its own clusters).
    public var dataCenters: [DataCenterStatus]

    public init(
        id: String?, committed: Bool, dryRun: Bool, requestId: String, result: PlacementResult,
        dataCenters: [DataCenterStatus] = []
    ) {
        self.dataCenters = dataCenters
        self.id = id
        self.committed = committed
        self.dryRun = dryRun
        self.requestId = requestId
        self.result = result
    }

    private enum CodingKeys: String, CodingKey { case id, committed, dryRun, requestId, result, dataCenters }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)  // `null` when not committed, never left out
        try c.encode(committed, forKey: .committed)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(requestId, forKey: .requestId)
        try c.encode(result, forKey: .result)
        try c.encode(dataCenters, forKey: .dataCenters)
    }
}
