import NIOCore

/// Answers a connection the server will not serve with `503 Service Unavailable`, a
/// problem document and `Retry-After: 5`, then closes it. Inbound bytes are dropped, so no
/// request on it reaches a handler.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let detail: String

    init(verdict: ConnectionTally.Verdict) {
        switch verdict {
        case .serverFull(let limit): detail = "the server has \(limit) connections open, its limit"
        case .clientFull(let limit): detail = "your address has \(limit) connections open, its limit"
        case .accepted: detail = "the server is not taking connections"
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func refuse(_ context: ChannelHandlerContext) {
        let body =
            "{\"detail\":\"\(detail); retry shortly\",\"status\":503,\"title\":\"Service Unavailable\",\"type\":\"about:blank\"}\n"
        let text =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\n"
            + "Connection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}
