import Synchronization

/// A flag one task sets and pool jobs read, so work queued on a ``SolverThreadPool``
/// can be skipped once its requester is gone (a queued job cannot see the requester's
/// task cancellation by itself).
public final class CancellationFlag: Sendable {
    private let value = Atomic(false)

    public init() {}

    public func set() { value.store(true, ordering: .releasing) }

    public var isSet: Bool { value.load(ordering: .acquiring) }
}
