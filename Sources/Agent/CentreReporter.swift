import ALTO
import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import Service
import Store

/// Pushes an agent's reports to a central altoplace (`--report-to`), for data centers the
/// centre cannot reach: every report stored after the last one the centre accepted is
/// POSTed to `<url>/dcinfo`, up to 500 in one body (the wrapper with a `dc-info` list),
/// with the bearer token.
///
/// Where it got to is stored in the agent's own store after each accepted POST, so a
/// restart of either side loses nothing and repeats at most one batch. A refusal the
/// centre will not change its mind on (400, 413, 415, 422) is logged and skipped;
/// anything else is retried with exponential backoff (0.5 s doubling to 30 s).
public final class CentreReporter: Sendable {
    let url: String
    let token: String?
    let service: AltoplaceService
    let logger: Logger

    public init(url: String, token: String?, service: AltoplaceService, logger: Logger) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token
        self.service = service
        self.logger = logger
    }

    /// The cursor key in the agent's store.
    var cursorKey: String { "report-to " + url }

    /// Runs until cancelled.
    ///
    /// New reports wake it through a subscription to the agent's own hub. Its queue is
    /// bounded, so an outage longer than 16 reports cuts the subscription off; it is then
    /// replaced (the store, not the queue, says what is pending, so nothing is missed).
    public func run() async throws {
        var subscription = service.subscribe(bufferLimit: 16)
        var wakeUps = subscription.stream.makeAsyncIterator()
        defer { subscription.end() }
        var backoff = 0.5
        var cursor = try await service.store.sourceCursor(cursorKey) ?? 0
        while !Task.isCancelled {
            let pending = try await service.reports(after: cursor, limit: 500)
            if pending.isEmpty {
                if await wakeUps.next() == nil {
                    subscription.end()
                    subscription = service.subscribe(bufferLimit: 16)
                    wakeUps = subscription.stream.makeAsyncIterator()
                }
                continue
            }
            do {
                try await post(pending.map(\.info))
                cursor = pending.last!.sequence
                try await service.store.setSourceCursor(cursorKey, eventID: cursor)
                backoff = 0.5
            } catch let refusal as Refusal where refusal.isPermanent {
                logger.error(
                    "centre refused reports; skipped",
                    metadata: ["status": "\(refusal.status)", "detail": "\(refusal.body)", "count": "\(pending.count)"])
                cursor = pending.last!.sequence
                try await service.store.setSourceCursor(cursorKey, eventID: cursor)
            } catch {
                logger.warning("report to centre failed", metadata: ["url": "\(url)", "reason": "\(error)"])
                try await Task.sleep(for: .seconds(backoff * Double.random(in: 0.8...1.2)))
                backoff = min(30, backoff * 2)
            }
        }
    }

    struct Refusal: Error {
        var status: UInt
        var body: String
        var isPermanent: Bool { [400, 413, 415, 422].contains(status) }
    }

    func post(_ reports: [DCInfo]) async throws {
        let body =
            "{\"meta\":{},\"dc-info\":[" + reports.map { "{" + $0.fieldsJSON + "}" }.joined(separator: ",") + "]}"
        var request = HTTPClientRequest(url: url + "/dcinfo")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: ALTOMediaType.dcInfo)
        request.headers.add(name: "Accept", value: "\(ALTOMediaType.dcInfo),\(ALTOMediaType.error)")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 10))
        guard (200..<300).contains(response.status.code) else {
            throw Refusal(status: response.status.code, body: String(text.prefix(500)))
        }
    }
}
