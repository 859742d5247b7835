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

    public init(
        seq: Int64, cluster: String, placement: String, function: String, action: Kind, objectKey: String,
        object: String, afterFunction: String? = nil, state: State, attempts: Int = 0, exitStatus: Int? = nil,
        message: String? = nil, notBefore: Double? = nil, deliveredAt: Double? = nil, createdAt: String,
        updatedAt: String
    ) {
        self.seq = seq
        self.cluster = cluster
        self.placement = placement
        self.function = function
        self.action = action
        self.objectKey = objectKey
        self.object = object
        self.afterFunction = afterFunction
        self.state = state
        self.attempts = attempts
        self.exitStatus = exitStatus
        self.message = message
        self.notBefore = notBefore
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
