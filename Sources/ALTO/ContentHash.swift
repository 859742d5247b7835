import Matrix
import Topology

/// A 128-bit content hash (two independent 64-bit FNV-1a lanes) for version tags.
///
/// Not cryptographic: it tells versions of our own maps apart, which is all an ALTO
/// vtag needs (RFC 7285 §10.3: equal tags mean equal content).
public struct ContentHash: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x8422_2325_cbf2_9ce4

    public init() {}

    /// Mixes in bytes.
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
    }

    /// Mixes in a string and a separator, so ["ab","c"] and ["a","bc"] differ.
    public mutating func update(_ text: String) {
        update(text.utf8)
        update(CollectionOfOne(0))
    }

    /// Mixes in a value's exact bits.
    public mutating func update(_ value: Float) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { update($0) }
    }

    /// 32 lowercase hex digits.
    public var hex: String {
        Self.hex64(a) + Self.hex64(b)
    }

    /// The hash of one string, as hex.
    public static func hex(of text: String) -> String {
        var h = ContentHash()
        h.update(text)
        return h.hex
    }

    private static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
