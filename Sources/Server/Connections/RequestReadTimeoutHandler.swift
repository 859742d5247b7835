import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection that is slow to send its request: the head must be complete within
/// `headerTimeout` of the connection opening or of its previous response ending (so this
/// is also the keep-alive idle timeout), and the body within `bodyTimeout` of the head.
/// Slow-loris clients, which open connections and trickle bytes or none, therefore hold a
/// connection for at most one of these times.
///
/// Sits after HTTP decoding, so it sees request parts and response parts; time spent
/// answering (a long solve, a push stream) is not limited here but by the request
/// timeout.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Which wait ran out.
    enum Expiry: String, Sendable {
        case header = "header-timeout"
        case body = "body-timeout"
    }

    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let onExpiry: @Sendable (Expiry) -> Void
    private var timer: Scheduled<Void>?
    /// Between a request's head and its end.
    private var readingBody = false
    /// Requests whose responses have not ended.
    private var unanswered = 0

    init(headerTimeout: Duration, bodyTimeout: Duration, onExpiry: @escaping @Sendable (Expiry) -> Void) {
        self.headerTimeout = TimeAmount(headerTimeout)
        self.bodyTimeout = TimeAmount(bodyTimeout)
        self.onExpiry = onExpiry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(.header, context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        arm(.header, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readingBody = true
            unanswered += 1
            arm(.body, context)
        case .body:
            break
        case .end:
            readingBody = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !readingBody { arm(.header, context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ expiry: Expiry, _ context: ChannelHandlerContext) {
        disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: expiry == .header ? headerTimeout : bodyTimeout) {
            self.timer = nil
            self.onExpiry(expiry)
            loopBound.value.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
