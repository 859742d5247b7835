/// Where a function's users are and how much they send.
public struct TrafficSource: Sendable, Hashable, Codable {
    /// The users' network location (a PID / topology node id).
    public var pid: String
    /// Traffic rate (any consistent unit, e.g. Mbit/s); ≥ 0.
    public var rate: Double

    public init(pid: String, rate: Double) {
        self.pid = pid
        self.rate = rate
    }
}
