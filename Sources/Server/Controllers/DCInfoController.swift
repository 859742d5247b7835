import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Matrix
import NIOCore
import Service
import ServiceLifecycle
import Solver
import Store
import Topology

/// Data-center resource information: pull (`GET /getdcinfo`), report (`POST /dcinfo`)
/// and push (server-sent events on `GET /getdcinfo` with `Accept: text/event-stream`).
struct DCInfoController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        let all = allRoutes
        return server.configuration.role == .agent ? all.filter { $0.method == .get } : all
    }

    /// Whether every document is the draft's single-object shape (an agent's).
    var single: Bool { server.configuration.role == .agent }

    private var allRoutes: [Route] {
        [
            Route(
                .get, "/getdcinfo", operation: "getDCInfo",
                summary:
                    "Data-center resource information, all or ?dcid=; with Accept: text/event-stream, the state then every change (server-sent events).",
                parameters: [
                    Route.Parameter("dcid", in: .query, "Only this data center.", pattern: PIDNaming.pattern),
                    Route.Parameter(
                        "Last-Event-ID", in: .header,
                        "Resume a push stream after this event id (an id this server did not issue starts from the current state)."
                    ),
                ],
                replies: [
                    .init(
                        200, "The newest report of each data center, or the push stream.",
                        [(ALTOMediaType.dcInfo, ALTOSchemas.DCInfoDocument.self), (ALTOMediaType.eventStream, nil)],
                        headers: ["ETag"]),
                    .init(304, "Not modified.", headers: ["ETag"]),
                ],
                isALTO: true, readProtected: true, handler: getDCInfo),
            Route(
                .post, "/dcinfo", operation: "postDCInfo", summary: "A data center reports its resource state.",
                body: .init([ALTOMediaType.dcInfo, ALTOMediaType.json], ALTOSchemas.DCInfoReport.self),
                replies: [
                    .init(200, "The report as stored.", [(ALTOMediaType.dcInfo, ALTOSchemas.DCInfoDocument.self)])
                ],
                isALTO: true, needsToken: true, handler: postDCInfo),
        ]
    }

    /// The newest report of every data center, or with `?dcid=` the draft's
    /// `InfoDCResource` for that one. The ETag is weak: it covers the reports and their
    /// staleness, not `age`, which changes every second while the data does not, so a
    /// client polling with `If-None-Match` gets 304 until something is reported.
    func getDCInfo(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        let dcid = request.uri.queryParameters.get("dcid")
        if ALTOMediaType.wantsEventStream(request.headers[.accept]) {
            guard service.subscriberCount < configuration.maxConcurrent else {
                throw HTTPFailure(
                    .serviceUnavailable, "\(service.subscriberCount) push streams are open, the limit; retry shortly",
                    headers: [.retryAfter: "5"])
            }
            return eventStream(request, context: context, dcid: dcid)
        }
        try requireAcceptable(request, ALTOMediaType.dcInfo)
        var states = service.dataCenterStates()
        if let dcid {
            states = states.filter { $0.event.info.dcid.text == dcid }
            guard !states.isEmpty else { throw HTTPFailure(.notFound, "no data center \"\(dcid)\" has reported") }
        }
        let etag = "W/\"\(DCInfoDocument.tag(states))\""
        let body = DCInfoDocument.render(states, single: dcid != nil || single) + "\n"
        return cacheable(request, body: ByteBuffer(string: body), type: ALTOMediaType.dcInfo, etag: etag)
    }

    func postDCInfo(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        try requireContentType(request, [ALTOMediaType.dcInfo, ALTOMediaType.json])
        let infos = try DCInfoReport.parse(try JSONValue.parse(try await bodyBytes(request).readableBytesView))
        let events = try await service.report(infos)
        let states = events.map { DataCenterState(event: $0, age: 0, stale: false) }
        return json(DCInfoDocument.render(states) + "\n", type: ALTOMediaType.dcInfo)
    }

    /// One server-sent event: `id`, `event: dcinfo`, and the document as `data`.
    static func sseEvent(id: Int64?, data: String) -> String {
        (id.map { "id: \($0)\n" } ?? "") + "event: dcinfo\ndata: \(data)\n\n"
    }

    /// The push stream. First `retry`, then either the events after `Last-Event-ID` (from
    /// the store, when the client resumes and retention still holds all of them) or the
    /// current state as one event; then every new report as it is accepted, and a
    /// `: heartbeat` comment every `configuration.heartbeat` so proxies keep the connection
    /// and clients see it is alive. Event ids are report sequence numbers.
    ///
    /// Each report is rendered once for all clients (``PublishedEvent``). A client that
    /// falls ``pushBufferLimit`` items behind is cut off: its connection is closed, and it
    /// resumes with `Last-Event-ID`.
    func eventStream(_ request: Request, context: ALTORequestContext, dcid: String?) -> Response {
        let channel = context.channel
        let metrics = metrics
        let subscription = service.subscribe(bufferLimit: Self.pushBufferLimit) {
            metrics.connectionClosed("slow-reader")
            channel.close(promise: nil)
        }
        let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0.trimmingSpaces()) }
        let heartbeat = configuration.heartbeat
        let service = service
        let single = single || dcid != nil
        let headers: HTTPFields = [
            .contentType: ALTOMediaType.eventStream, .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        let body = ResponseBody { writer in
            let matches = { (event: DCInfoEvent) in dcid == nil || event.info.dcid.text == dcid }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var delivered = subscription.lastSequence
            if let lastEventID, lastEventID <= subscription.lastSequence, service.canReplay(after: lastEventID) {
                // Resume: replay what the client missed, from the durable history.
                var after = lastEventID
                while after < subscription.lastSequence {
                    let missed = try await service.reports(after: after, limit: 1000)
                    guard let last = missed.last else { break }
                    for event in missed where event.sequence <= subscription.lastSequence && matches(event) {
                        try await writer.write(Self.frame(event, single: single))
                    }
                    after = last.sequence
                }
            } else {
                // A first connection, an id this server never issued (its store was
                // reset), or one older than the history kept: the current state.
                let current = subscription.events.filter(matches).map {
                    DataCenterState(event: $0, now: Date(), staleAfter: service.options.staleAfter)
                }
                try await writer.write(
                    ByteBuffer(
                        string: Self.sseEvent(
                            id: subscription.lastSequence > 0 ? subscription.lastSequence : nil,
                            data: DCInfoDocument.render(current, single: single))))
            }
            let beats = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: heartbeat)
                    subscription.beat()
                }
            }
            defer { beats.cancel() }
            // Graceful shutdown ends the stream, so open pushes do not hold the server up.
            try await withGracefulShutdownHandler {
                for await item in subscription.stream {
                    switch item {
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    case .event(let published):
                        let event = published.event
                        guard event.sequence > delivered else { continue }
                        delivered = event.sequence
                        guard matches(event) else { continue }
                        try await writer.write(
                            single ? Self.frame(event, single: true) : published.rendered { Self.frame($0) })
                    }
                }
            } onGracefulShutdown: {
                subscription.end()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Items a push client may fall behind before it is cut off.
    static let pushBufferLimit = 1024

    /// One report as a server-sent event.
    static func frame(_ event: DCInfoEvent, single: Bool = false) -> ByteBuffer {
        ByteBuffer(
            string: sseEvent(
                id: event.sequence,
                data: DCInfoDocument.render([DataCenterState(event: event, age: 0, stale: false)], single: single)))
    }
}
