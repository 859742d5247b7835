import ALTO
public import Hummingbird
import Matrix
public import NIOCore
import Service
import Solver
import Store
import Topology

/// The per-request context of the server: Hummingbird's core storage plus the peer's
/// address (the endpoint cost service uses it when a request names no sources, as
/// RFC 7285 §11.5.1.3 asks).
public struct ALTORequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address, when the transport has one.
    public let remoteAddress: SocketAddress?
    /// The connection, for closing it under a push client too slow to read.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}
