import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel behind two guards: a connection over the server's
/// or its client's limit (``ConnectionTally``) is answered `503` with `Retry-After` and
/// closed before any HTTP is read (``RefusingHandler``), and every accepted connection gets
/// a ``RequestReadTimeoutHandler``.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let tally: ConnectionTally
    let onRefusal: @Sendable (ConnectionTally.Verdict) -> Void

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = channel.remoteAddress?.ipAddress ?? channel.remoteAddress?.description ?? "unknown"
        let verdict = tally.open(from: address)
        if verdict == .accepted {
            channel.closeFuture.whenComplete { _ in tally.close(from: address) }
        } else {
            onRefusal(verdict)
            // First in the pipeline: it answers 503 once the channel is active, closes it,
            // and lets no request bytes through to HTTP.
            do {
                try channel.pipeline.syncOperations.addHandler(RefusingHandler(verdict: verdict))
            } catch {
                channel.close(promise: nil)
            }
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
