/// What `POST /placements` answers: the status (201 committed, 200 not committed), the
/// body (a ``PlacementOutcome``, or the stored bytes of an earlier answer to the same
/// idempotency key), the new placement's id, and whether this is such a replay.
public struct PlacementReply: Sendable, Hashable {
    public var status: Int
    public var body: String
    public var placementID: String?
    public var replayed: Bool
}
