import ALTO
import Foundation
import Matrix
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Address and prefix parsing and printing against the C library's `inet_pton` and
/// `inet_ntop`, over seeded random addresses and random near-miss texts.
@Suite("IP addresses, differential against inet_pton and inet_ntop")
struct IPAddressDifferentialTests {
    /// `inet_pton`'s reading of `text`, as the 32- or 128-bit value, or nil.
    static func pton(_ text: String, _ family: AddressFamily) -> UInt128? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let af = family == .ipv4 ? AF_INET : AF_INET6
        guard inet_pton(af, text, &buffer) == 1 else { return nil }
        return buffer.prefix(family == .ipv4 ? 4 : 16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// `inet_ntop`'s text for `value`.
    static func ntop(_ value: UInt128, _ family: AddressFamily) -> String {
        let count = family == .ipv4 ? 4 : 16
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - $0))) }
        var out = [CChar](repeating: 0, count: 64)
        _ = inet_ntop(family == .ipv4 ? AF_INET : AF_INET6, bytes, &out, 64)
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A random value with runs of zero groups, the case `::` compresses.
    static func randomIPv6(_ rng: inout SplitMix64) -> UInt128 {
        var value: UInt128 = 0
        for _ in 0..<8 {
            let group: UInt64 =
                switch rng.next() % 4 {
                case 0, 1: 0
                case 2: rng.next() % 16
                default: rng.next() & 0xffff
                }
            value = value << 16 | UInt128(group)
        }
        return value
    }

    /// Whether glibc prints this IPv6 value in its dotted IPv4 forms (`::1.2.3.4`,
    /// `::ffff:1.2.3.4`), which RFC 5952 §5 allows and altoplace does not use but for the
    /// mapped range.
    static func glibcDotted(_ value: UInt128) -> Bool {
        let high = value >> 32
        return (high == 0 && value > 0xffff) || high == 0xffff
    }

    @Test("20,000 random addresses: both read each other's text as the same address")
    func roundTrips() {
        var rng = SplitMix64(seed: 5_952)
        var problems: [String] = []
        for k in 0..<20_000 {
            let family: AddressFamily = k % 2 == 0 ? .ipv4 : .ipv6
            let value = family == .ipv4 ? UInt128(rng.next() & 0xffff_ffff) : Self.randomIPv6(&rng)
            let address = IPAddress(family: family, value: value)
            let ours = address.description
            let theirs = Self.ntop(value, family)
            if Self.pton(ours, family) != value { problems.append("inet_pton misreads our \(ours)") }
            if IPAddress(theirs, family: family)?.value != value { problems.append("we misread inet_ntop's \(theirs)") }
            if ours != theirs && !(family == .ipv6 && Self.glibcDotted(value)) {
                problems.append("we print \(ours), inet_ntop prints \(theirs)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("20,000 near-miss texts: we accept exactly what inet_pton accepts, with the same value")
    func nearMisses() {
        var rng = SplitMix64(seed: 8_200)
        let pieces = [
            "0", "1", "00", "01", "255", "256", "999", "ffff", "fffff", "g", ":", "::", ".", "..", ":::", "-1", " ",
            "%eth0", "1.2.3.4",
        ]
        var problems: [String] = []
        var accepted = 0
        for k in 0..<20_000 {
            let family: AddressFamily = k % 2 == 0 ? .ipv4 : .ipv6
            let value = family == .ipv4 ? UInt128(rng.next() & 0xffff_ffff) : Self.randomIPv6(&rng)
            var text = Array(IPAddress(family: family, value: value).description)
            for _ in 0..<(1 + Int(rng.next() % 2)) {
                let at = text.isEmpty ? 0 : Int(rng.next() % UInt64(text.count))
                switch rng.next() % 3 {
                case 0: if !text.isEmpty { text.remove(at: at) }
                case 1: text.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: at)
                default: if !text.isEmpty { text[at] = Array("0123456789abcdef:.")[Int(rng.next() % 18)] }
                }
            }
            let candidate = String(text)
            let theirs = Self.pton(candidate, family)
            let ours = IPAddress(candidate, family: family)?.value
            if theirs != nil { accepted += 1 }
            if ours != theirs {
                problems.append(
                    "\(family) \"\(candidate)\": ours \(String(describing: ours)), inet_pton \(String(describing: theirs))"
                )
            }
        }
        #expect(problems.isEmpty, "\(problems.count) differences, e.g. \(problems.prefix(5))")
        #expect(accepted > 2_000 && accepted < 18_000)  // the edits make both kinds
    }

    @Test("prefixes: the address part reads as inet_pton reads it; lengths past the family's width are refused")
    func prefixes() {
        var rng = SplitMix64(seed: 4_632)
        var problems: [String] = []
        for k in 0..<5_000 {
            let family: AddressFamily = k % 2 == 0 ? .ipv4 : .ipv6
            let width = family == .ipv4 ? 32 : 128
            let length = Int(rng.next() % UInt64(width + 3))
            let raw = family == .ipv4 ? UInt128(rng.next() & 0xffff_ffff) : Self.randomIPv6(&rng)
            let value = length >= width ? raw : (length == 0 ? 0 : (raw >> (width - length)) << (width - length))
            let text = "\(Self.ntop(value, family))/\(length)"
            switch IPPrefix.parse(text) {
            case .success(let prefix):
                if length > width { problems.append("accepted \(text)") }
                if prefix.address.value != Self.pton(Self.ntop(value, family), family) || prefix.length != length {
                    problems.append("misread \(text) as \(prefix)")
                }
            case .failure(let problem):
                if length <= width { problems.append("refused \(text): \(problem)") }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }
}
