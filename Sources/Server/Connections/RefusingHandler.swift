import Foundation
import HTTPTypes
import NIOCore
import Service

/// Answers a connection the server will not serve with `503 Service Unavailable`, the
/// same RFC 9457 problem document every other refusal gets, and `Retry-After: 5`, then
/// closes it. Inbound bytes are dropped, so no request on it reaches a handler.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let verdict: ConnectionTally.Verdict
    private var refused = false

    init(verdict: ConnectionTally.Verdict) { self.verdict = verdict }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func refuse(_ context: ChannelHandlerContext) {
        guard !refused else { return }
        refused = true
        let failure = HTTPFailure(
            .serviceUnavailable, "\(verdict.detail); retry shortly",
            problems: [Problem(path: "", "too many connections")])
        let body = DocumentEncoding.data(failure.document)
        var text = ByteBuffer(
            string: "HTTP/1.1 503 Service Unavailable\r\nContent-Type: \(ProblemDocument.mediaType)\r\n"
                + "Retry-After: 5\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n")
        text.writeBytes(body)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(text)).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}
