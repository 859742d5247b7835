public import NIOCore
public import Store
import Synchronization

/// A report as handed to every push client: the event, and its rendering, made by the
/// first client that needs it and shared (the same bytes) by all the others.
public final class PublishedEvent: Sendable {
    public let event: DCInfoEvent
    private let rendering = Mutex<ByteBuffer?>(nil)

    init(_ event: DCInfoEvent) { self.event = event }

    /// The event rendered by `render`, which runs once per event however many clients ask.
    public func rendered(_ render: (DCInfoEvent) -> ByteBuffer) -> ByteBuffer {
        rendering.withLock { cached in
            if let cached { return cached }
            let bytes = render(event)
            cached = bytes
            return bytes
        }
    }
}
