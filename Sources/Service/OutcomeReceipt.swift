/// The answer to an agent's outcome: what the server recorded.
public struct OutcomeReceipt: Sendable, Hashable, Codable {
    /// `delivered`, `failed` (with `retryAt`), `superseded` (a later action replaced it:
    /// nothing recorded) or `repeated` (recorded before).
    public var recorded: String
    public var retryAt: String?

    public init(recorded: String, retryAt: String? = nil) {
        self.recorded = recorded
        self.retryAt = retryAt
    }
}
