import ALTO
import Matrix
public import NIOCore
import Solver
public import Store
import Synchronization
import Topology

/// The live data-center state and its subscribers: the newest report of each data
/// center, and a bounded stream of every accepted report for each push client.
///
/// ``publish(_:)`` is called in sequence order (by ``ALTOStore/appendDCInfo(_:publish:)``
/// under the store's write lock); ``subscribe(bufferLimit:onCutOff:)`` hands back the
/// state and a stream atomically, so a subscriber misses nothing between the two and sees
/// nothing twice.
///
/// **Cost.** Publishing is O(subscribers) and copies nothing: every subscriber gets the
/// same ``PublishedEvent``, which is rendered once, by whichever reader asks first.
/// **Slow readers.** Each subscriber's buffer holds at most `bufferLimit` items; a reader
/// that falls that far behind is cut off (its stream ends and `onCutOff` runs, which
/// closes its connection) rather than holding memory without bound. It reconnects with
/// `Last-Event-ID` and the store replays what it missed.
public final class DCInfoHub: Sendable {
    /// What a push client receives: a report, or a heartbeat asked for by its writer.
    public enum Item: Sendable {
        case event(PublishedEvent)
        case heartbeat
    }

    /// One push client's feed.
    public struct Subscription: Sendable {
        /// The newest report of each data center when it subscribed, in dcid order.
        public let events: [DCInfoEvent]
        /// The newest sequence number then.
        public let lastSequence: Int64
        /// Every report published since, and heartbeats; ends when the client is cut off.
        public let stream: AsyncStream<Item>
        let feed: Feed

        /// Ends the stream (the reader sees it end after what is queued).
        public func end() { feed.continuation.finish() }

        /// Queues a heartbeat behind any reports waiting (cuts the reader off if its
        /// buffer is full).
        public func beat() { feed.deliver(.heartbeat) }
    }

    /// The writing end of a subscription: what the hub keeps (never the stream itself,
    /// or the stream would outlive its reader and never report its termination).
    struct Feed: Sendable {
        let continuation: AsyncStream<Item>.Continuation
        let cutOff: @Sendable () -> Void

        /// Queues `item`; a full buffer ends the stream and cuts the reader off.
        func deliver(_ item: Item) {
            if case .dropped = continuation.yield(item) {
                continuation.finish()
                cutOff()
            }
        }
    }

    private struct State {
        var latest: [String: DCInfoEvent] = [:]
        var lastSequence: Int64 = 0
        var subscribers: [Int: Feed] = [:]
        var nextSubscriber = 0
    }

    private let state = Mutex(State())

    public init(events: [DCInfoEvent] = []) {
        state.withLock { state in
            for event in events {
                state.latest[event.info.dcid.text] = event
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
    /// - Complexity: O(subscribers); nothing is rendered here.
    public func publish(_ event: DCInfoEvent) {
        let shared = PublishedEvent(event)
        let subscribers = state.withLock { state in
            if event.sequence > (state.latest[event.info.dcid.text]?.sequence ?? 0) {
                state.latest[event.info.dcid.text] = event
            }
            state.lastSequence = max(state.lastSequence, event.sequence)
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.deliver(.event(shared)) }
    }

    /// The current state, and a stream of every report published from now on, buffering
    /// at most `bufferLimit` items for a slow reader; past that the stream ends and
    /// `onCutOff` runs once.
    public func subscribe(bufferLimit: Int = 1024, onCutOff: @escaping @Sendable () -> Void = {}) -> Subscription {
        let (stream, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(bufferLimit))
        let once = Mutex(false)
        let cutOff: @Sendable () -> Void = {
            if once.withLock({ fired in
                defer { fired = true }
                return !fired
            }) {
                onCutOff()
            }
        }
        let feed = Feed(continuation: continuation, cutOff: cutOff)
        let (subscription, id) = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = feed
            let subscription = Subscription(
                events: state.latest.values.sorted { $0.info.dcid < $1.info.dcid }, lastSequence: state.lastSequence,
                stream: stream, feed: feed)
            return (subscription, id)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return subscription
    }

    /// How many push clients are connected.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
