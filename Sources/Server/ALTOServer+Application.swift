import ALTO
public import Hummingbird
import HummingbirdCore
import Matrix
import Service
import Solver
import Store
import Topology

extension ALTOServer {
    /// The HTTP application on `configuration.host`:`configuration.port`. Run it with
    /// `runService()`: SIGTERM and SIGINT then shut it down gracefully (the listener
    /// closes, in-flight requests finish, push streams end).
    /// - Parameter onServerRunning: called with the bound port once listening.
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let headerTimeout = configuration.headerTimeout
        let bodyTimeout = configuration.bodyTimeout
        let metrics = metrics
        let tally = connections
        return Application(
            router: router(),
            server: HTTPServerBuilder { responder in
                GuardedHTTP1Channel(
                    base: HTTP1Channel(
                        responder: responder,
                        configuration: .init(additionalChannelHandlers: [
                            RequestReadTimeoutHandler(headerTimeout: headerTimeout, bodyTimeout: bodyTimeout) {
                                metrics.connectionClosed($0.rawValue)
                            }
                        ])),
                    tally: tally,
                    onRefusal: { metrics.connectionClosed($0.reason) })
            },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "altoplace"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}

extension ALTOServer {
    /// Runs the server until SIGTERM or SIGINT, then shuts down gracefully and stops the
    /// service's thread pools.
    /// - Parameter onServerRunning: called with the bound port once listening.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await application(onServerRunning: onServerRunning).runService()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }
}
