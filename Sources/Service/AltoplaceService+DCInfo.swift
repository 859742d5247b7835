public import ALTO
import CoreMetrics
import Logging
public import Store

/// Data-center resource information (draft-lee): reports in, the current state and a
/// stream of changes out.
extension AltoplaceService {
    /// Stores a report and publishes it to push subscribers, in sequence order.
    public func report(_ info: DCInfo) async throws -> DCInfoEvent {
        let hub = hub
        let event = try await store.appendDCInfo(info) { hub.publish($0) }
        metrics.dcInfoReports.increment()
        logger.debug("dc-info", metadata: ["dcid": "\(info.dcid)", "sequence": "\(event.sequence)"])
        return event
    }

    /// The newest report of each data center, by dcid.
    public var dataCenters: [DCInfoEvent] { hub.snapshot().events }

    /// The current state and a bounded stream of every report accepted from now on (see
    /// ``DCInfoHub/subscribe(bufferLimit:onCutOff:)``): `onCutOff` runs if the reader falls
    /// `bufferLimit` items behind.
    public func subscribe(bufferLimit: Int = 1024, onCutOff: @escaping @Sendable () -> Void = {})
        -> DCInfoHub.Subscription
    {
        hub.subscribe(bufferLimit: bufferLimit, onCutOff: onCutOff)
    }

    /// Whether every report after `sequence` is still stored, so a push client that saw
    /// `sequence` can be replayed what it missed; otherwise history retention has deleted
    /// some, and it should be sent the current state instead.
    public func canReplay(after sequence: Int64) -> Bool { sequence >= store.prunedReportsThrough }

    /// Reports after sequence number `after`, oldest first, at most `limit`.
    public func reports(after: Int64, limit: Int) async throws -> [DCInfoEvent] {
        try await store.dcInfo(after: after, limit: limit)
    }
}
