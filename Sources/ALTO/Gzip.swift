import CZlib
import Matrix
public import NIOCore
import Topology

/// gzip (RFC 1952) compression through zlib, for documents served many times from a
/// cache: compressing once and sending the smaller bytes to every client that sends
/// `Accept-Encoding: gzip` trades one-off CPU for every later request's bandwidth.
public enum Gzip {
    /// `bytes` compressed at `level` (1 fastest … 9 smallest).
    /// - Complexity: O(n).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        bytes.withUnsafeBytes { Array(compress($0, level: level).readableBytesView) }
    }

    /// `bytes` compressed at `level` into a buffer of its own, in 256 KiB steps: no copy
    /// of the input and no output buffer sized for the worst case, so compressing a
    /// document of hundreds of megabytes needs only its compressed size more.
    /// - Complexity: O(n).
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6) -> ByteBuffer {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
        )
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
        defer { deflateEnd(&stream) }
        let step = 256 << 10
        var output = ByteBuffer()
        output.reserveCapacity(min(bytes.count / 4 + 64, 64 << 20))
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        var remaining = bytes.count
        var finished = false
        while !finished {
            // zlib counts input in 32-bit units: feed at most 1 GiB at a time.
            if stream.avail_in == 0, remaining > 0 {
                let chunk = min(remaining, 1 << 30)
                stream.avail_in = uInt(chunk)
                remaining -= chunk
            }
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: step) { out in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = uInt(step)
                let result = deflate(&stream, flush)
                precondition(result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR, "deflate: \(result)")
                finished = result == Z_STREAM_END
                return step - Int(stream.avail_out)
            }
        }
        return output
    }

    /// `bytes` decompressed (for tests and clients); `nil` if they are not valid gzip.
    public static func decompress(_ bytes: [UInt8]) -> [UInt8]? { try? decompress(bytes, limit: .max) }

    /// Why ``decompress(_:limit:)`` gave up.
    public enum DecompressionFailure: Error, Sendable, Equatable {
        /// Not valid gzip.
        case invalid
        /// It would decompress to more than the limit (a "zip bomb" stops here).
        case tooLarge
    }

    /// `bytes` decompressed, refusing to produce more than `limit` bytes.
    /// - Complexity: O(min(decompressed size, limit)).
    public static func decompress(_ bytes: some Collection<UInt8>, limit: Int) throws(DecompressionFailure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .invalid
        }
        defer { inflateEnd(&stream) }
        var input = Array(bytes)
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let outcome = input.withUnsafeMutableBufferPointer { inBuffer -> DecompressionFailure? in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                guard result.count + produced <= limit else { return .tooLarge }
                result.append(contentsOf: chunk.prefix(produced))
                if status == Z_STREAM_END { return stream.avail_in == 0 ? nil : .invalid }
                if status != Z_OK { return .invalid }
            }
        }
        if let outcome { throw outcome }
        return result
    }

    /// Whether an `Accept-Encoding` header admits gzip (listed, or `*`, with q > 0).
    public static func isAccepted(by header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double? = nil
        var any: Double? = nil
        for (name, quality) in QualityList.items(header) {
            if name == "gzip" || name == "x-gzip" { gzip = quality }
            if name == "*" { any = quality }
        }
        return (gzip ?? any ?? 0) > 0
    }
}
