import ALTO
import Matrix
import Solver
public import Store
import Synchronization
import Topology

/// The live data-center state and its subscribers: the newest report of each data
/// center, and a stream of every accepted report for each push client.
///
/// ``publish(_:)`` is called in sequence order (by ``ALTOStore/appendDCInfo(_:publish:)``
/// under the store's write lock); ``subscribe()`` hands back the state and a stream
/// atomically, so a subscriber misses nothing between the two and sees nothing twice.
public final class DCInfoHub: Sendable {
    private struct State {
        var latest: [String: DCInfoEvent] = [:]
        var lastSequence: Int64 = 0
        var subscribers: [Int: AsyncStream<DCInfoEvent>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let state = Mutex(State())

    public init(events: [DCInfoEvent] = []) {
        state.withLock { state in
            for event in events {
                state.latest[event.info.dcid] = event
                state.lastSequence = max(state.lastSequence, event.sequence)
            }
        }
    }

    /// The newest report of each data center, in dcid order, and the newest sequence number.
    public func snapshot() -> (events: [DCInfoEvent], lastSequence: Int64) {
        state.withLock { state in
            (state.latest.values.sorted { $0.info.dcid < $1.info.dcid }, state.lastSequence)
        }
    }

    /// How many data centers have reported.
    public var dataCenterCount: Int { state.withLock { $0.latest.count } }

    /// Records an accepted report and hands it to every subscriber.
    public func publish(_ event: DCInfoEvent) {
        let continuations = state.withLock { state in
            if event.sequence > (state.latest[event.info.dcid]?.sequence ?? 0) {
                state.latest[event.info.dcid] = event
            }
            state.lastSequence = max(state.lastSequence, event.sequence)
            return Array(state.subscribers.values)
        }
        for continuation in continuations {
            // A reader too slow for its buffer is cut off rather than silently skipping
            // events: it reconnects with Last-Event-ID and the store replays what it missed.
            if case .dropped = continuation.yield(event) { continuation.finish() }
        }
    }

    /// The current state, and a stream of every report published from now on. The
    /// stream buffers up to `bufferLimit` events for a slow reader; past that it ends (see
    /// ``publish(_:)``).
    public func subscribe(bufferLimit: Int = 1024) -> (
        events: [DCInfoEvent], lastSequence: Int64, stream: AsyncStream<DCInfoEvent>
    ) {
        let (stream, continuation) = AsyncStream<DCInfoEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferLimit))
        let (events, last, id) = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return (state.latest.values.sorted { $0.info.dcid < $1.info.dcid }, state.lastSequence, id)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return (events, last, stream)
    }

    /// How many push clients are connected.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
