/// Where a function of a placement stands in delivery (`GET /placements/{id}`).
public struct FunctionDelivery: Sendable, Hashable, Codable {
    /// The latest action for this placement's copy: `apply`, or `delete` once released.
    public var action: String
    /// `pending`, `delivered` or `failed`; `superseded` when a later placement's action
    /// on the same object replaced it before it was carried out.
    public var state: String
    /// The cluster this placement put it on.
    public var cluster: String
    /// Clusters where a copy of its object is delivered now (an old copy stays until
    /// the new one is delivered).
    public var runningOn: [String]
    /// The placement that took the function over, if one did.
    public var transferredTo: String?
    public var attempts: Int
    public var exitStatus: Int?
    /// Why it failed: the command's last lines of output.
    public var message: String?
    /// When a failed action is tried again (RFC 3339).
    public var retryAt: String?
}
