import Matrix
import Topology

/// An IPv4 or IPv6 address, held as an unsigned integer (IPv4 in the low 32 bits).
///
/// Parsing and printing are done here rather than with `inet_pton`/`inet_ntop`, so the
/// rules are the same on every platform: IPv4 is four decimal parts 0–255 (RFC 3986
/// `IPv4address`, no leading zeros); IPv6 is RFC 4291 §2.2 text (with `::` and a
/// trailing dotted quad), printed as RFC 5952 says (lowercase, longest zero run as `::`).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public var family: AddressFamily
    /// The address bits, most significant first (network order as a number).
    public var value: UInt128

    public init(family: AddressFamily, value: UInt128) {
        self.family = family
        self.value = value
    }

    /// Parses an address of `family`; `nil` for anything else (no zone ids).
    public init?(_ text: some StringProtocol, family: AddressFamily) {
        let bytes = Array(text.utf8)
        switch family {
        case .ipv4:
            guard let v = Self.parseIPv4(bytes[...]) else { return nil }
            self.init(family: .ipv4, value: UInt128(v))
        case .ipv6:
            guard let v = Self.parseIPv6(bytes) else { return nil }
            self.init(family: .ipv6, value: v)
        }
    }

    /// Parses an RFC 7285 typed endpoint address (§10.4.1): `ipv4:192.0.2.1`, `ipv6:2001:db8::1`.
    public init?(typed text: some StringProtocol) {
        guard let colon = text.firstIndex(of: ":"),
            let family = AddressFamily(rawValue: String(text[..<colon]))
        else { return nil }
        self.init(text[text.index(after: colon)...], family: family)
    }

    /// Parses a plain address, IPv6 if it holds a `:`.
    public init?(plain text: some StringProtocol) {
        self.init(text, family: text.contains(":") ? .ipv6 : .ipv4)
    }

    private static func parseIPv4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ (48...57).contains($0) }) else { return nil }
            if part.count > 1, part.first == UInt8(ascii: "0") { return nil }
            let n = part.reduce(0) { $0 * 10 + UInt32($1 - 48) }
            guard n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    private static func parseIPv6(_ bytes: [UInt8]) -> UInt128? {
        guard bytes.count >= 2 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        // Split on "::" once.
        var pieces: [ArraySlice<UInt8>] = []
        if let gap = (0..<(bytes.count - 1)).first(where: { bytes[$0] == 58 && bytes[$0 + 1] == 58 }) {
            sawGap = true
            pieces = [bytes[..<gap], bytes[(gap + 2)...]]
            if pieces[1].count >= 2,
                (0..<(pieces[1].count - 1)).contains(where: {
                    pieces[1][pieces[1].startIndex + $0] == 58 && pieces[1][pieces[1].startIndex + $0 + 1] == 58
                })
            {
                return nil
            }
        } else {
            pieces = [bytes[...]]
        }
        func groups(_ slice: ArraySlice<UInt8>, allowIPv4: Bool) -> [UInt16]? {
            guard !slice.isEmpty else { return [] }
            let parts = slice.split(separator: 58, omittingEmptySubsequences: false)
            var out: [UInt16] = []
            for (k, part) in parts.enumerated() {
                if allowIPv4, k == parts.count - 1, part.contains(UInt8(ascii: ".")) {
                    guard let v4 = parseIPv4(part) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                    continue
                }
                guard (1...4).contains(part.count) else { return nil }
                var n: UInt16 = 0
                for c in part {
                    guard let d = hexDigit(c) else { return nil }
                    n = n << 4 | UInt16(d)
                }
                out.append(n)
            }
            return out
        }
        if sawGap {
            guard let h = groups(pieces[0], allowIPv4: false), let t = groups(pieces[1], allowIPv4: true),
                h.count + t.count <= 7
            else { return nil }
            head = h
            tail = t
        } else {
            guard let h = groups(pieces[0], allowIPv4: true), h.count == 8 else { return nil }
            head = h
        }
        let all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6.
    public var description: String {
        switch family {
        case .ipv4:
            let v = UInt32(truncatingIfNeeded: value)
            return "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
        case .ipv6:
            let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (16 * (7 - $0))) }
            // The longest run of two or more zero groups (the first if tied) becomes "::".
            var best = (start: -1, length: 1)
            var k = 0
            while k < 8 {
                guard groups[k] == 0 else {
                    k += 1
                    continue
                }
                var end = k
                while end < 8, groups[end] == 0 { end += 1 }
                if end - k > best.length { best = (k, end - k) }
                k = end
            }
            let hex = groups.map { String($0, radix: 16) }
            guard best.start >= 0 else { return hex.joined(separator: ":") }
            let left = hex[..<best.start].joined(separator: ":")
            let right = hex[(best.start + best.length)...].joined(separator: ":")
            return left + "::" + right
        }
    }

    /// The RFC 7285 typed form, `ipv4:…` or `ipv6:…`.
    public var typedDescription: String { "\(family.rawValue):\(description)" }
}
