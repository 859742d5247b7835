import ALTO
import Foundation
import NIOCore
import Service
import Store
import Synchronization
import Testing

@Suite("Push hub: bounded buffers and events rendered once")
struct DCInfoHubTests {
    static func event(_ sequence: Int64, _ dcid: String = "dc-a") -> DCInfoEvent {
        DCInfoEvent(
            sequence: sequence,
            info: DCInfo(
                dcid: dcid, addr: IPAddress(plain: "10.0.0.1")!, timestamp: "2026-11-29T00:00:00Z", ramusage: 1,
                srvload: 1, powerusage: 1, cost: 1))
    }

    @Test("a reader that falls a buffer behind is cut off once, keeps a gap-free prefix, and leaves no subscriber")
    func slowReaderIsCutOff() async throws {
        let hub = DCInfoHub()
        let cutOffs = Mutex(0)
        let subscription = hub.subscribe(bufferLimit: 8) { cutOffs.withLock { $0 += 1 } }
        for k in 1...50 { hub.publish(Self.event(Int64(k))) }
        #expect(cutOffs.withLock { $0 } == 1)
        #expect(hub.subscriberCount == 0)
        var received: [Int64] = []
        for await item in subscription.stream {
            if case .event(let published) = item { received.append(published.event.sequence) }
        }
        // The oldest are kept, so the client resumes from the last it saw without a gap.
        #expect(received == Array(1...8))
        #expect(hub.snapshot().lastSequence == 50)
    }

    @Test("a report published to many subscribers is rendered once")
    func renderedOnce() async throws {
        let hub = DCInfoHub()
        let subscriptions = (0..<50).map { _ in hub.subscribe() }
        hub.publish(Self.event(1))
        let renders = Mutex(0)
        var frames: [ByteBuffer] = []
        for subscription in subscriptions {
            var iterator = subscription.stream.makeAsyncIterator()
            guard case .event(let published)? = await iterator.next() else {
                Issue.record("no event")
                return
            }
            frames.append(
                published.rendered { event in
                    renders.withLock { $0 += 1 }
                    return ByteBuffer(string: "id: \(event.sequence)\n")
                })
        }
        #expect(renders.withLock { $0 } == 1)
        #expect(Set(frames.map { String(buffer: $0) }) == ["id: 1\n"])
    }
}
