public import CoreMetrics

/// The service's own metrics, made with the swift-metrics factory it is given (the
/// server passes a Prometheus one):
///
/// - `altoplace_solves_total`: placement solves started (placements, rankings aside, and
///   what-if scenarios);
/// - `altoplace_recomputations_total` and `altoplace_recomputation_seconds` (a histogram):
///   all-pairs recomputations after a topology change;
/// - `altoplace_dcinfo_reports_total`: data-center reports accepted.
public struct ServiceMetrics: Sendable {
    public let solves: Counter
    public let recomputations: Counter
    public let recomputationTime: Timer
    public let dcInfoReports: Counter

    public init(factory: any MetricsFactory) {
        solves = Counter(label: "altoplace_solves_total", factory: factory)
        recomputations = Counter(label: "altoplace_recomputations_total", factory: factory)
        recomputationTime = Timer(label: "altoplace_recomputation_seconds", factory: factory)
        dcInfoReports = Counter(label: "altoplace_dcinfo_reports_total", factory: factory)
    }

    /// Records one recomputation that took `seconds`.
    public func recomputed(seconds: Double) {
        recomputations.increment()
        recomputationTime.recordNanoseconds(Int64(seconds * 1e9))
    }
}
