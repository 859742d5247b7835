import Matrix
import Topology

/// An ALTO address type (RFC 7285 §10.4.2): the two the RFC defines.
public enum AddressFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case ipv4
    case ipv6

    /// Bits in an address: 32 or 128.
    public var bitWidth: Int {
        switch self {
        case .ipv4: 32
        case .ipv6: 128
        }
    }
}
