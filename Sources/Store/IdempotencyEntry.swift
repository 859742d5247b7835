import ALTO
import Matrix
import Solver
import Topology

/// The stored answer to a `POST /placements` sent with an `Idempotency-Key`: a retry with
/// the same key and the same body gets the same status and body back, without solving or
/// committing again; the same key with another body is refused.
public struct IdempotencyEntry: Sendable, Hashable {
    public var key: String
    /// A hash of the request body.
    public var requestHash: String
    public var status: Int
    public var response: String

    public init(key: String, requestHash: String, status: Int, response: String) {
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.response = response
    }
}
