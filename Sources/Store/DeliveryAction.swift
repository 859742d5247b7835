/// One step of delivering placements to a cluster, as stored: apply an object, or delete
/// one. `seq` orders a cluster's actions and names the action to its agent.
public struct DeliveryAction: Sendable, Hashable, Codable {
    /// `apply` or `delete`.
    public enum Kind: String, Sendable, Hashable, Codable { case apply, delete }
    /// `pending` (not yet carried out), `delivered`, `failed` (retried after
    /// `notBefore`), or `superseded` by a later action on the same object.
    public enum State: String, Sendable, Hashable, Codable { case pending, delivered, failed, superseded }

    public var seq: Int64
    public var cluster: String
    /// The placement whose commit or release made it.
    public var placement: String
    public var function: String
    public var action: Kind
    /// `apiVersion/kind/namespace/name` of the object.
    public var objectKey: String
    /// The object, JSON.
    public var object: String
    /// A delete of an old copy waits until this function's current copy is delivered
    /// (make-before-break); `nil` when it waits for nothing.
    public var afterFunction: String?
    public var state: State
    public var attempts: Int
    public var exitStatus: Int?
    public var message: String?
    /// Unix seconds before which a failed action is not handed out again.
    public var notBefore: Double?
    /// Unix seconds when the agent carried it out (its clock), for delivered actions.
    public var deliveredAt: Double?
    public var createdAt: String
    public var updatedAt: String
}
