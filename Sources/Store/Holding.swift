/// A function a committed placement holds on a cluster: what it consumes there and, when
/// altoplace delivers it, the object that runs it.
///
/// A later placement of the same function id takes it over (`transferredTo`); then this
/// placement no longer holds it, its capacity included.
public struct Holding: Sendable, Hashable {
    public var placement: String
    public var function: String
    public var cluster: String
    public var amounts: ResourceAmounts
    /// The object delivered for it (JSON), or `nil` when it has no workload.
    public var object: String?
    /// `apiVersion/kind/namespace/name` of `object`.
    public var objectKey: String?
    /// The workload `object` was rendered from (JSON), so a later placement of the
    /// function without one keeps delivering it.
    public var workload: String?
    /// The placement that took it over, if one did.
    public var transferredTo: String?
    /// Unix seconds (the delivering agent's clock) when its object was delivered.
    public var deliveredAt: Double?

    public init(
        placement: String, function: String, cluster: String, amounts: ResourceAmounts, object: String? = nil,
        objectKey: String? = nil, workload: String? = nil, transferredTo: String? = nil, deliveredAt: Double? = nil
    ) {
        self.workload = workload
        self.placement = placement
        self.function = function
        self.cluster = cluster
        self.amounts = amounts
        self.object = object
        self.objectKey = objectKey
        self.transferredTo = transferredTo
        self.deliveredAt = deliveredAt
    }
}
