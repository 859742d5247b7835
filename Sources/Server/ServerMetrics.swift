import ALTO
import Foundation
import Matrix
import Service
import Solver
import Store
import Synchronization
import Topology

/// The server's Prometheus metrics, written in the text exposition format (version 0.0.4).
///
/// - `altoplace_http_requests_total{method,route,status}`: requests answered;
/// - `altoplace_http_request_duration_seconds{route}`: a latency histogram;
/// - `altoplace_http_requests_in_flight`, `altoplace_http_requests_rejected_total{reason}`;
/// - `altoplace_recomputations_total` and `altoplace_recomputation_seconds_total`:
///   all-pairs recomputations after topology changes;
/// - `altoplace_dcinfo_reports_total`, `altoplace_solves_total`, `altoplace_sse_clients`.
public final class ServerMetrics: Sendable {
    /// Histogram bucket upper bounds, seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0
    }

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var durations: [String: Histogram] = [:]
        var inFlight = 0
        var rejected: [String: UInt64] = [:]
        var recomputations: UInt64 = 0
        var recomputationSeconds = 0.0
        var dcInfoReports: UInt64 = 0
        var solves: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func requestStarted() { state.withLock { $0.inFlight += 1 } }

    /// Records a finished request; `route` is the route template (`/clusters/{id}`), never
    /// the raw path, so the label set stays small.
    public func requestFinished(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.inFlight -= 1
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var histogram = state.durations[route] ?? Histogram()
            if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.durations[route] = histogram
        }
    }

    public func rejected(_ reason: String) { state.withLock { $0.rejected[reason, default: 0] += 1 } }

    public func recomputed(seconds: Double) {
        state.withLock {
            $0.recomputations += 1
            $0.recomputationSeconds += seconds
        }
    }

    public func dcInfoReported() { state.withLock { $0.dcInfoReports += 1 } }

    public func solveStarted() { state.withLock { $0.solves += 1 } }

    /// The exposition text; `sseClients` is read at scrape time.
    public func exposition(sseClients: Int) -> String {
        let s = state.withLock { $0 }
        var out = "# HELP altoplace_http_requests_total HTTP requests answered.\n"
        out += "# TYPE altoplace_http_requests_total counter\n"
        for (key, value) in s.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            out +=
                "altoplace_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP altoplace_http_request_duration_seconds Time to answer a request (handler and middleware).\n"
        out += "# TYPE altoplace_http_request_duration_seconds histogram\n"
        for (route, histogram) in s.durations.sorted(by: { $0.key < $1.key }) {
            var cumulative: UInt64 = 0
            let label = "route=\"\(Self.escape(route))\""
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                out += "altoplace_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "altoplace_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "altoplace_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            out += "altoplace_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        out += "# HELP altoplace_http_requests_in_flight Requests being handled now.\n"
        out += "# TYPE altoplace_http_requests_in_flight gauge\naltoplace_http_requests_in_flight \(s.inFlight)\n"
        out += "# HELP altoplace_http_requests_rejected_total Requests refused before reaching a handler.\n"
        out += "# TYPE altoplace_http_requests_rejected_total counter\n"
        for reason in ["concurrency", "timeout", "body-too-large"] {
            out += "altoplace_http_requests_rejected_total{reason=\"\(reason)\"} \(s.rejected[reason] ?? 0)\n"
        }
        out += "# HELP altoplace_recomputations_total All-pairs cost recomputations after topology changes.\n"
        out += "# TYPE altoplace_recomputations_total counter\naltoplace_recomputations_total \(s.recomputations)\n"
        out += "# HELP altoplace_recomputation_seconds_total Time spent in those recomputations.\n"
        out += "# TYPE altoplace_recomputation_seconds_total counter\n"
        out += "altoplace_recomputation_seconds_total \(s.recomputationSeconds)\n"
        out += "# HELP altoplace_dcinfo_reports_total Data-center reports accepted.\n"
        out += "# TYPE altoplace_dcinfo_reports_total counter\naltoplace_dcinfo_reports_total \(s.dcInfoReports)\n"
        out += "# HELP altoplace_solves_total Placement solves started (placements and what-if scenarios).\n"
        out += "# TYPE altoplace_solves_total counter\naltoplace_solves_total \(s.solves)\n"
        out += "# HELP altoplace_sse_clients Push (server-sent events) clients connected.\n"
        out += "# TYPE altoplace_sse_clients gauge\naltoplace_sse_clients \(sseClients)\n"
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
