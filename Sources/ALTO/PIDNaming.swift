import Matrix
import Topology

/// Turns node ids into ALTO PID names (RFC 7285 §10.1).
///
/// A PID name is at most 64 characters of ASCII letters, digits, `-`, `:`, `@`
/// and `_` (`.` is reserved by the RFC and never produced). Rules, in order:
/// 1. every other character (including `.` and non-ASCII) becomes `_`;
/// 2. an empty result becomes `pid`;
/// 3. a name longer than 64 characters keeps its first 55 and gets `-` plus 8 hex
///    digits of a hash of the original id;
/// 4. a name already taken (two ids that clean up alike) gets `-2`, `-3`, … in node
///    order, shortened first if needed so the suffix fits.
/// The mapping depends only on the ids and their order, so it is stable.
public enum PIDNaming {
    /// The longest PID name RFC 7285 allows.
    public static let maximumLength = 64

    /// ``isValid(_:)`` as an anchored regular expression (for the OpenAPI document).
    public static let pattern = "^[A-Za-z0-9:@_-]{1,64}$"

    /// Whether `name` is a valid PID name.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumLength && name.utf8.allSatisfy(isAllowed)
    }

    /// One unique, valid PID name per id, in order.
    /// - Complexity: O(total length of the ids).
    public static func names(for ids: [String]) -> [String] {
        var taken = Set<String>()
        var out: [String] = []
        out.reserveCapacity(ids.count)
        for id in ids {
            var base = String(decoding: id.utf8.map { isAllowed($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
            if base.isEmpty { base = "pid" }
            if base.utf8.count > maximumLength {
                base = String(base.prefix(55)) + "-" + ContentHash.hex(of: id).prefix(8)
            }
            var name = base
            var k = 2
            while taken.contains(name) {
                let suffix = "-\(k)"
                name = String(base.prefix(maximumLength - suffix.count)) + suffix
                k += 1
            }
            taken.insert(name)
            out.append(name)
        }
        return out
    }

    private static func isAllowed(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
