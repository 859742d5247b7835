import Matrix
public import NIOCore
import Topology

/// A document served many times: its bytes, and the same bytes gzip-compressed, each
/// made once. Requests share the buffers (no copy per response).
public struct CachedDocument: Sendable {
    public let identity: ByteBuffer
    public let gzip: ByteBuffer

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        identity = ByteBuffer(bytes: bytes)
        gzip = ByteBuffer(bytes: Gzip.compress(bytes))
    }
}
