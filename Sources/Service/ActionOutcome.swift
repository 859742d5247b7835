/// The body of `POST /clusters/{id}/actions/{seq}`: what the agent's command did.
public struct ActionOutcome: Sendable, Hashable, Codable {
    /// `delivered` or `failed`.
    public enum Outcome: String, Sendable, Hashable, Codable { case delivered, failed }

    public var outcome: Outcome
    /// The command's exit status (absent for `--out`).
    public var exitStatus: Int?
    /// The last lines of the command's output (at most 4,096 bytes kept).
    public var output: String?
    /// When it was carried out, RFC 3339 on the agent's clock (default: when the server
    /// received it); compared with the data center's report times (``AltoplaceService``'s
    /// accounting rule).
    public var at: String?

    public init(outcome: Outcome, exitStatus: Int? = nil, output: String? = nil, at: String? = nil) {
        self.outcome = outcome
        self.exitStatus = exitStatus
        self.output = output
        self.at = at
    }
}
