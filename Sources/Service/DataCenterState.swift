public import Foundation
public import Store

/// A data center's newest report and how old it is: `age` in seconds since this server
/// stored it (its own clock, so reporters' clocks do not matter), and `stale` once the
/// age passes ``ServiceOptions/staleAfter``.
public struct DataCenterState: Sendable, Hashable {
    public var event: DCInfoEvent
    public var age: Double
    public var stale: Bool

    public init(event: DCInfoEvent, age: Double, stale: Bool) {
        self.event = event
        self.age = age
        self.stale = stale
    }

    /// `event` as of `now`, stale after `staleAfter` seconds.
    public init(event: DCInfoEvent, now: Date, staleAfter: Double) {
        let age = max(0, now.timeIntervalSince(event.receivedAt))
        self.init(event: event, age: (age * 10).rounded() / 10, stale: age > staleAfter)
    }
}
