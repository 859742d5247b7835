public import ALTO
import CoreMetrics
public import Foundation
import Logging
public import Store

/// Data-center resource information (draft-lee): reports in, the current state and a
/// stream of changes out.
extension AltoplaceService {
    /// Stores a report and publishes it to push subscribers, in sequence order.
    public func report(_ info: DCInfo) async throws -> DCInfoEvent {
        try await report([info])[0]
    }

    /// Stores reports in one transaction (all or none) and publishes them in order.
    /// - Parameter cursor: the followed source they came from and its event id, stored
    ///   with them (see ``DCInfoFollower``).
    @discardableResult
    public func report(_ infos: [DCInfo], cursor: (source: String, eventID: Int64)? = nil) async throws
        -> [DCInfoEvent]
    {
        let hub = hub
        let events = try await store.appendDCInfo(infos, cursor: cursor) { hub.publish($0) }
        metrics.dcInfoReports.increment(by: events.count)
        for event in events {
            logger.debug("dc-info", metadata: ["dcid": "\(event.info.dcid)", "sequence": "\(event.sequence)"])
        }
        return events
    }

    /// The newest report of each data center, by dcid.
    public var dataCenters: [DCInfoEvent] { hub.snapshot().events }

    /// Each data center's newest report with its age and staleness as of `now`, by dcid.
    public func dataCenterStates(now: Date = Date()) -> [DataCenterState] {
        let staleAfter = options.staleAfter
        return hub.snapshot().events.map { DataCenterState(event: $0, now: now, staleAfter: staleAfter) }
    }

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
