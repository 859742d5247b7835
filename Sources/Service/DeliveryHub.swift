import Synchronization

/// Wakes the agents following a cluster's actions when those actions change (a commit,
/// a release, a delivery another cluster's delete waited for, a retry coming due).
///
/// A wake-up carries nothing: the agent's stream reads the ready actions again, so a
/// burst of changes costs one read and nothing is lost when wake-ups coalesce.
/// - Complexity: O(subscribers of the woken clusters) per wake-up.
final class DeliveryHub: Sendable {
    private struct State {
        var subscribers: [String: [Int: AsyncStream<Void>.Continuation]] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    /// A stream that yields once per change to `cluster`'s actions (changes while the
    /// reader is busy coalesce into one).
    func subscribe(cluster: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            let id = state.next
            state.next += 1
            state.subscribers[cluster, default: [:]][id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.subscribers[cluster]?.removeValue(forKey: id)
                if state.subscribers[cluster]?.isEmpty == true { state.subscribers.removeValue(forKey: cluster) }
            }
        }
        return stream
    }

    func wake(_ clusters: some Sequence<String>) {
        let woken = state.withLock { state in clusters.flatMap { (state.subscribers[$0] ?? [:]).values } }
        for continuation in woken { continuation.yield() }
    }

    /// Ends every stream (shutdown).
    func finishAll() {
        let all = state.withLock { state in state.subscribers.values.flatMap(\.values) }
        for continuation in all { continuation.finish() }
    }

    /// How many agents follow actions.
    var subscriberCount: Int { state.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } } }
}
