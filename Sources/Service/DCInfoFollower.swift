import ALTO
import AsyncHTTPClient
import CoreMetrics
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Store
import Synchronization

/// The centre's side of draft-lee Figure 1: it follows each data center agent named as a
/// cluster's `dcinfoSource` and stores what it reports, as if the agent had POSTed it.
///
/// For each source, one task:
/// 1. **Push**: `GET <source>/getdcinfo` with `Accept: text/event-stream` and, when it
///    has stored events from this source before, `Last-Event-ID` (the agent replays what
///    was missed from its own history). Each event's reports are stored in one
///    transaction together with the event id, so a restart of the centre resumes exactly
///    after the last report stored, and of the agent (whose history is durable too) the
///    same. Events at or below the stored id are duplicates and skipped, except the
///    first of a connection, which is the agent's current state when it did not know the
///    id (its store was reset).
/// 2. **Pull** when the source does not stream (a 404, 406 or 415, or a content type
///    other than `text/event-stream`): `GET <source>/getdcinfo` every
///    ``ServiceOptions/followPollInterval`` seconds (5 by default)
///    with `If-None-Match`, storing reports whose vtag differs from the current one; the
///    push stream is tried again after ``pullPeriod``.
/// 3. **Reconnect** on any failure or end of stream, after a backoff from 0.5 s doubling
///    to 30 s, with ±20% jitter, reset once an event arrives. A stream silent for
///    ``idleTimeout`` (three of the agent's 15 s heartbeats) is taken as dead.
public final class DCInfoFollower: Sendable {
    /// Seconds a source stays pulled before the push stream is tried again.
    public static let pullPeriod = 60.0
    /// Seconds of silence after which a push stream is reconnected.
    public static let idleTimeout = 45.0

    /// The task following each source URL.
    private let following = Mutex<[String: Task<Void, Never>]>([:])

    init() {}

    /// `text` as a source URL without a trailing slash, if it is an `http`/`https` URL with
    /// a host and no query or fragment; else `nil`.
    public static func sourceURL(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else { return nil }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Follows exactly `sources` from now on: starts a task for each new one and cancels
    /// those no longer wanted.
    func sync(_ sources: Set<String>, start: (String) -> Task<Void, Never>) {
        following.withLock { following in
            for (url, task) in following where !sources.contains(url) {
                task.cancel()
                following[url] = nil
            }
            for url in sources where following[url] == nil { following[url] = start(url) }
        }
    }

    /// Cancels every task.
    func stop() {
        following.withLock { following in
            for task in following.values { task.cancel() }
            following.removeAll()
        }
    }
}

extension AltoplaceService {
    /// Starts following the `dcinfoSource` of every registered cluster, and stops
    /// following sources no cluster names any more.
    public func syncFollowing() async throws {
        let sources = Set(try await store.clusters().compactMap(\.dcinfoSource))
        follower.sync(sources) { url in
            Task { [self] in await self.follow(url) }
        }
    }

    /// The loop of one source (see ``DCInfoFollower``).
    func follow(_ url: String) async {
        var backoff = 0.5
        var pullUntil: ContinuousClock.Instant? = nil
        var etag: String? = nil
        let clock = ContinuousClock()
        logger.info("following data center agent", metadata: ["source": "\(url)"])
        while !Task.isCancelled {
            do {
                if let until = pullUntil, clock.now < until {
                    etag = try await pullOnce(url, etag: etag)
                    metrics.followerPulls.increment()
                    backoff = 0.5
                    try await Task.sleep(for: .seconds(options.followPollInterval))
                    continue
                }
                pullUntil = nil
                switch try await streamOnce(url) {
                case .notStreaming(let status):
                    logger.info(
                        "agent does not stream; pulling", metadata: ["source": "\(url)", "status": "\(status)"])
                    pullUntil = clock.now + .seconds(DCInfoFollower.pullPeriod)
                    continue
                case .ended(let received):
                    if received { backoff = 0.5 }
                }
            } catch is CancellationError {
                break
            } catch {
                metrics.followerFailures.increment()
                logger.warning("data center agent unreachable", metadata: ["source": "\(url)", "reason": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(backoff * Double.random(in: 0.8...1.2)))
            backoff = min(30, backoff * 2)
        }
    }

    enum StreamEnd {
        case notStreaming(UInt)
        case ended(received: Bool)
    }

    struct SourceFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// One push connection, until it ends, fails or goes silent.
    func streamOnce(_ url: String) async throws -> StreamEnd {
        let cursor = try await store.sourceCursor(url)
        var request = HTTPClientRequest(url: url + "/getdcinfo")
        request.headers.add(name: "Accept", value: ALTOMediaType.eventStream)
        if let cursor { request.headers.add(name: "Last-Event-ID", value: String(cursor)) }
        let response = try await HTTPClient.shared.execute(request, deadline: .distantFuture)
        let type = response.headers.first(name: "Content-Type") ?? ""
        guard response.status == .ok, type.lowercased().hasPrefix(ALTOMediaType.eventStream) else {
            let status = response.status.code
            _ = try? await response.body.collect(upTo: 64 << 10)
            if [404, 405, 406, 415].contains(status) || (200..<300).contains(status) {
                return .notStreaming(status)
            }
            throw SourceFailure(description: "HTTP \(status)")
        }
        let activity = Activity()
        let reader = Task { () async throws -> StreamEnd in
            var parser = ServerSentEventParser()
            var first = true
            var received = false
            var last = cursor ?? 0
            for try await chunk in response.body {
                activity.touch()
                for event in try parser.feed(chunk.readableBytesView) {
                    let id = event.id.flatMap { Int64($0) }
                    if let id, !first, id <= last { continue }
                    try await self.storeEvent(event.data, source: url, id: id)
                    if let id { last = id }
                    first = false
                    received = true
                }
            }
            return .ended(received: received)
        }
        let watchdog = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(5))
                if activity.silentSeconds > DCInfoFollower.idleTimeout {
                    activity.timedOut()
                    reader.cancel()
                    return
                }
            }
        }
        defer { watchdog.cancel() }
        return try await withTaskCancellationHandler {
            do {
                return try await reader.value
            } catch  where activity.hasTimedOut {
                throw SourceFailure(description: "no event or heartbeat for \(Int(DCInfoFollower.idleTimeout)) s")
            }
        } onCancel: {
            reader.cancel()
        }
    }

    /// When a push stream last delivered bytes, and whether its watchdog gave up on it.
    final class Activity: Sendable {
        private let last = Mutex(ContinuousClock.now)
        private let expired = Mutex(false)

        func touch() { last.withLock { $0 = .now } }
        var silentSeconds: Double {
            let elapsed = ContinuousClock.now - last.withLock { $0 }
            return Double(elapsed.components.seconds)
        }
        func timedOut() { expired.withLock { $0 = true } }
        var hasTimedOut: Bool { expired.withLock { $0 } }
    }

    /// Stores the reports of one event (from a push or a pull) with the source's cursor.
    func storeEvent(_ data: String, source: String, id: Int64?) async throws {
        let infos = try DCInfoReport.parse(try JSONValue.parse(Array(data.utf8)), fromServer: true)
        metrics.followerEvents.increment()
        if infos.isEmpty {
            if let id { try await store.setSourceCursor(source, eventID: id) }
            return
        }
        let cursorID: Int64
        if let id { cursorID = id } else { cursorID = try await store.sourceCursor(source) ?? 0 }
        try await report(infos, cursor: (source, cursorID))
    }

    /// One pull; returns the ETag to send next time.
    func pullOnce(_ url: String, etag: String?) async throws -> String? {
        var request = HTTPClientRequest(url: url + "/getdcinfo")
        request.headers.add(name: "Accept", value: "\(ALTOMediaType.dcInfo),\(ALTOMediaType.error)")
        if let etag { request.headers.add(name: "If-None-Match", value: etag) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        if response.status == .notModified { return etag }
        guard response.status == .ok else { throw SourceFailure(description: "HTTP \(response.status.code)") }
        let infos = try DCInfoReport.parse(try JSONValue.parse(body.readableBytesView), fromServer: true)
        let current = Dictionary(
            dataCenters.map { ($0.info.dcid.text, $0.info.vtag) }, uniquingKeysWith: { a, _ in a })
        let fresh = infos.filter { current[$0.dcid.text] != $0.vtag }
        if !fresh.isEmpty {
            try await report(fresh, cursor: (url, try await store.sourceCursor(url) ?? 0))
        }
        return response.headers.first(name: "ETag") ?? etag
    }
}
