import Matrix
public import NIOCore
import Topology

/// A document served many times: its bytes, and the same bytes gzip-compressed, each
/// made once. Requests share the buffers (no copy per response).
public struct CachedDocument: Sendable {
    public let identity: ByteBuffer
    public let gzip: ByteBuffer

    public init(_ text: String) {
        self.init(ByteBuffer(string: text))
    }

    /// The document `bytes` (held, not copied) and its gzip encoding.
    public init(_ bytes: ByteBuffer) {
        identity = bytes
        gzip = bytes.withUnsafeReadableBytes { Gzip.compress($0) }
    }
}
