import Matrix
import Topology

/// An address prefix (`192.0.2.0/24`, `2001:db8::/32`) as RFC 4632 and RFC 5952 write them.
public struct IPPrefix: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the prefix; bits past `length` are zero.
    public var address: IPAddress
    /// Leading bits that are fixed: 0...32 for IPv4, 0...128 for IPv6.
    public var length: Int

    public var family: AddressFamily { address.family }

    /// A prefix from an address and a length; `nil` when the address has bits set past
    /// `length` (`192.0.2.1/24`) or the length is out of range.
    public init?(address: IPAddress, length: Int) {
        guard (0...address.family.bitWidth).contains(length) else { return nil }
        guard address.value & ~Self.mask(length, address.family) == 0 else { return nil }
        self.address = address
        self.length = length
    }

    /// Why `text` is not a prefix, or the prefix. The family is inferred from the text
    /// (a `:` means IPv6). A bare address is a host prefix (/32 or /128).
    public static func parse(_ text: String) -> Result<IPPrefix, IPPrefixProblem> {
        let family: AddressFamily = text.contains(":") ? .ipv6 : .ipv4
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0], family: family) else {
            return .failure(.init(text: text, reason: "not an IPv4 or IPv6 address before the '/'"))
        }
        var length = family.bitWidth
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...family.bitWidth).contains(parsed) else {
                return .failure(.init(text: text, reason: "prefix length must be 0...\(family.bitWidth)"))
            }
            length = parsed
        }
        guard let prefix = IPPrefix(address: address, length: length) else {
            return .failure(.init(text: text, reason: "address has bits set past the /\(length) prefix length"))
        }
        return .success(prefix)
    }

    /// Whether `address` lies inside this prefix.
    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && other.value & Self.mask(length, family) == address.value
    }

    /// Whether `other` lies wholly inside this prefix (or is equal to it).
    public func contains(_ other: IPPrefix) -> Bool {
        other.length >= length && contains(other.address)
    }

    /// The last address of the prefix.
    public var lastValue: UInt128 { address.value | (~Self.mask(length, family) & Self.mask(family.bitWidth, family)) }

    public var description: String { "\(address)/\(length)" }

    /// The network mask of `length` leading ones within the family's width.
    static func mask(_ length: Int, _ family: AddressFamily) -> UInt128 {
        guard length > 0 else { return 0 }
        let ones: UInt128 = length >= 128 ? ~0 : ((1 << UInt128(length)) - 1) << UInt128(128 - length)
        return ones >> UInt128(128 - family.bitWidth)
    }
}
