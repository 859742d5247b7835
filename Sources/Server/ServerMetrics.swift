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
    private let connectionsOpen: Prometheus.Gauge
    private let closures: [String: Prometheus.Counter]

    /// Request-duration histogram bounds: 0.5 ms to 10 s.
    static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static let rejectionReasons = [
        "concurrency", "timeout", "body-too-large", "too-many-pairs", "unauthorized",
    ]

    package init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.registry = registry
        self.factory = factory
        rejections = Self.counters(
            registry, "requests_rejected", "Requests refused before reaching a handler.", reasons: Self.rejectionReasons
        )
        closures = Self.counters(
            registry, "connections_closed", "Connections the server refused or cut off, by reason.",
            reasons: Self.closureReasons)
        connectionsOpen = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "altoplace", subsystem: "http", metricName: "connections", unitName: "",
                helpText: "Connections open."))
        sseClients = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "altoplace", metricName: "sse_clients", unitName: "",
                helpText: "Push (server-sent events) clients connected."))
    }

    /// One `altoplace_http_<name>_total` counter per `reason` label value.
    private static func counters(
        _ registry: PrometheusCollectorRegistry, _ name: String, _ help: String, reasons: [String]
    ) -> [String: Prometheus.Counter] {
        Dictionary(
            uniqueKeysWithValues: reasons.map { reason in
                (
                    reason,
                    registry.makeCounter(
                        descriptor: MetricNameDescriptor(
                            namespace: "altoplace", subsystem: "http", metricName: name, unitName: "total",
                            helpText: help),
                        labels: [("reason", reason)])
                )
            })
    }

    /// Why the server closes a connection itself: over the server's or the client's
    /// connection limit, too slow with its head or body, a push client too slow to read.
    static let closureReasons = ["server-limit", "client-limit", "header-timeout", "body-timeout", "slow-reader"]

    /// Counts a connection closed for `reason` (one of ``closureReasons``).
    func connectionClosed(_ reason: String) { closures[reason]?.increment() }

    /// Counts a request refused for `reason` (one of ``rejectionReasons``).
    func rejected(_ reason: String) { rejections[reason]?.increment() }

    /// The text exposition (format 0.0.4); `sseClients` is read at scrape time.
    func exposition(sseClients clients: Int, connections: Int) -> [UInt8] {
        sseClients.set(to: Double(clients))
        connectionsOpen.set(to: Double(connections))
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }
}
