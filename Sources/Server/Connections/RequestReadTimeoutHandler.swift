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
    /// What the connection is waiting for now and by when; `nil` while answering.
    private var deadline: (expiry: Expiry, at: NIODeadline)?
    /// One timer at a time. State changes only move `deadline`; the timer, when it fires,
    /// closes the connection or re-arms itself for the deadline then in force. A request
    /// on a kept-alive connection therefore costs clock reads, not timers scheduled and
    /// cancelled per phase: those cost the trivial route 15% of its rate (54k to 46k
    /// req/s, `make bench-server`); with one timer it is within 4% of no handler at all.
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
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
        if context.channel.isActive { wait(for: .header, context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { stopTimer() }

    func channelActive(context: ChannelHandlerContext) {
        wait(for: .header, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline = nil
        stopTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readingBody = true
            unanswered += 1
            wait(for: .body, context)
        case .body:
            break
        case .end:
            readingBody = false
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !readingBody { wait(for: .header, context) }
        }
        context.write(data, promise: promise)
    }

    private func wait(for expiry: Expiry, _ context: ChannelHandlerContext) {
        let at = NIODeadline.now() + (expiry == .header ? headerTimeout : bodyTimeout)
        deadline = (expiry, at)
        if let timer, timer.at <= at { return }  // it fires first and re-arms
        stopTimer()
        startTimer(at: at, context)
    }

    private func startTimer(at: NIODeadline, _ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) {
            self.timer = nil
            guard let deadline = self.deadline else { return }
            if deadline.at <= NIODeadline.now() {
                self.onExpiry(deadline.expiry)
                loopBound.value.close(promise: nil)
            } else {
                self.startTimer(at: deadline.at, loopBound.value)
            }
        }
        timer = (task, at)
    }

    private func stopTimer() {
        timer?.task.cancel()
        timer = nil
    }
}
