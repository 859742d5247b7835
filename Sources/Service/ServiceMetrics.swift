public import CoreMetrics

/// The service's own metrics, made with the swift-metrics factory it is given (the
/// server passes a Prometheus one):
///
/// - `altoplace_solves_total`: placement solves started (placements, rankings aside, and
///   what-if scenarios);
/// - `altoplace_recomputations_total` and `altoplace_recomputation_seconds` (a histogram):
///   all-pairs recomputations after a topology change;
/// - `altoplace_dcinfo_reports_total`: data-center reports accepted;
/// - `altoplace_follower_events_total`, `altoplace_follower_pulls_total` and
///   `altoplace_follower_failures_total`: push events stored, pulls made, and failed
///   connections to followed data center agents (`dcinfoSource`);
/// - `altoplace_delivery_actions_total{outcome="queued"|"delivered"|"failed"}`: delivery
///   actions queued by commits and releases, and the outcomes agents reported.
public struct ServiceMetrics: Sendable {
    public let solves: Counter
    public let recomputations: Counter
    public let recomputationTime: Timer
    public let dcInfoReports: Counter
    public let followerEvents: Counter
    public let followerPulls: Counter
    public let followerFailures: Counter
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory) {
        solves = Counter(label: "altoplace_solves_total", factory: factory)
        recomputations = Counter(label: "altoplace_recomputations_total", factory: factory)
        recomputationTime = Timer(label: "altoplace_recomputation_seconds", factory: factory)
        dcInfoReports = Counter(label: "altoplace_dcinfo_reports_total", factory: factory)
        followerEvents = Counter(label: "altoplace_follower_events_total", factory: factory)
        followerPulls = Counter(label: "altoplace_follower_pulls_total", factory: factory)
        followerFailures = Counter(label: "altoplace_follower_failures_total", factory: factory)
        self.factory = factory
    }

    /// Records one recomputation that took `seconds`.
    public func recomputed(seconds: Double) {
        recomputations.increment()
        recomputationTime.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Counts delivery actions by `outcome` (`queued`, `delivered`, `failed`).
    func deliveryOutcome(_ outcome: String, count: Int = 1) {
        Counter(label: "altoplace_delivery_actions_total", dimensions: [("outcome", outcome)], factory: factory)
            .increment(by: count)
    }
}
