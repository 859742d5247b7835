import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Service

/// `POST /whatif`: a base and named scenarios, solved in parallel on the solver pool; with
/// `Accept: text/event-stream`, progress events and then the result.
struct WhatIfController: Controller {
    let server: ALTOServer

    var routes: [Route] {
        [
            Route(
                .post, "/whatif", operation: "postWhatIf",
                summary:
                    "What-if study: a base (\"committed\" or an inline request) and named scenarios solved in parallel; with Accept: text/event-stream, progress events then the result.",
                body: .init([ALTOMediaType.json], WhatIfRequest.self),
                replies: [
                    .init(
                        200, "The study's result, or its progress and result as server-sent events.",
                        [(ALTOMediaType.json, WhatIfReport.self), (ALTOMediaType.eventStream, nil)])
                ],
                needsToken: true, handler: postWhatIf)
        ]
    }

    func postWhatIf(_ request: Request, _ context: ALTORequestContext) async throws -> Response {
        try requireToken(request)
        let streamed = ALTOMediaType.wantsEventStream(request.headers[.accept])
        if !streamed { try requireAcceptable(request, ALTOMediaType.json) }
        let study = try await service.study(try await decode(WhatIfRequest.self, from: request))
        let service = service
        guard streamed else { return document(try await service.run(study)) }
        // Streamed: a progress event per finished solve, then the result. Closing the
        // connection cancels the scenarios not yet started.
        let headers: HTTPFields = [.contentType: ALTOMediaType.eventStream, .cacheControl: "no-cache"]
        let logger = context.logger
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (events, continuation) = AsyncStream<String>.makeStream()
                let work = Task {
                    do {
                        let report = try await service.run(study) { done, total, name in
                            continuation.yield(
                                "event: progress\ndata: {\"done\":\(done),\"total\":\(total),\"scenario\":\(JSONText.quoted(name))}\n\n"
                            )
                        }
                        continuation.yield("event: result\ndata: \(report.json.dropLast())\n\n")
                    } catch {
                        continuation.yield("event: error\ndata: {\"message\":\(JSONText.quoted("\(error)"))}\n\n")
                    }
                    continuation.finish()
                }
                defer { work.cancel() }  // however the stream ends, stop what has not started
                do {
                    for await event in events { try await writer.write(ByteBuffer(string: event)) }
                    try await writer.finish(nil)
                } catch {
                    work.cancel()
                    logger.info("what-if stream closed by the client; scenarios cancelled")
                    throw error
                }
            })
    }
}
