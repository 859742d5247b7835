public import ALTO
import Foundation
public import Store

/// One action of a delivery plan or an agent's queue: `{"action": "apply" | "delete",
/// "function": ..., "object": {...}}` with its order (`seq`), the placement that made it,
/// its state, and why it waits or failed.
public struct PlannedAction: Sendable, Hashable, Codable {
    public var seq: Int64
    public var action: DeliveryAction.Kind
    public var function: String
    public var placement: String
    public var cluster: String
    /// `pending`, `delivered`, `failed` (retried later) or `superseded`.
    public var state: DeliveryAction.State
    /// For the delete of a moved function's old copy: the function whose new copy must
    /// be delivered first.
    public var after: String?
    public var attempts: Int
    public var exitStatus: Int?
    public var message: String?
    /// When a failed action is handed out again (RFC 3339).
    public var retryAt: String?
    /// When the agent carried it out (RFC 3339, the agent's clock).
    public var deliveredAt: String?
    public var object: JSONValue

    public init(_ a: DeliveryAction) {
        seq = a.seq
        action = a.action
        function = a.function
        placement = a.placement
        cluster = a.cluster
        state = a.state
        after = a.afterFunction
        attempts = a.attempts
        exitStatus = a.exitStatus
        message = a.message
        retryAt = a.state == .failed ? a.notBefore.map { DCInfo.format(Date(timeIntervalSince1970: $0)) } : nil
        deliveredAt = a.deliveredAt.map { DCInfo.format(Date(timeIntervalSince1970: $0)) }
        object = (try? JSONValue.parse(Array(a.object.utf8))) ?? .null
    }
}
