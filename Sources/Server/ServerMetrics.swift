import CoreMetrics
import Prometheus

/// The server's Prometheus registry, and the factory every metric of this server is made
/// with (swift-metrics; the service's metrics and Hummingbird's `MetricsMiddleware` use it
/// too). Each server has its own registry, so servers in one process (tests) never share
/// counts. See docs/metrics.md for every name.
///
/// Server-level metrics made here: `altoplace_http_requests_rejected_total{reason}`
/// (`concurrency`, `timeout`, `body-too-large`) and `altoplace_sse_clients`.
package final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let rejections: [String: Prometheus.Counter]
    private let sseClients: Prometheus.Gauge

    /// Request-duration histogram bounds: 0.5 ms to 10 s.
    static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static let rejectionReasons = ["concurrency", "timeout", "body-too-large"]

    package init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.registry = registry
        self.factory = factory
        var rejections: [String: Prometheus.Counter] = [:]
        for reason in Self.rejectionReasons {
            rejections[reason] = registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "altoplace", subsystem: "http", metricName: "requests_rejected", unitName: "total",
                    helpText: "Requests refused before reaching a handler."),
                labels: [("reason", reason)])
        }
        self.rejections = rejections
        sseClients = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "altoplace", metricName: "sse_clients", unitName: "",
                helpText: "Push (server-sent events) clients connected."))
    }

    /// Counts a request refused for `reason` (one of ``rejectionReasons``).
    func rejected(_ reason: String) { rejections[reason]?.increment() }

    /// The text exposition (format 0.0.4); `sseClients` is read at scrape time.
    func exposition(sseClients clients: Int) -> [UInt8] {
        sseClients.set(to: Double(clients))
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }
}
