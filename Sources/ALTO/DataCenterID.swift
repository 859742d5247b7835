import Matrix
import Topology

/// A data center's identifier (`dcid`) as it was reported: the draft types it as a JSON
/// number (`"dcid": 1`), altoplace has always taken a string; either is kept, and given
/// back, with the JSON type it came with.
///
/// Two ids name the same data center when their ``text`` is equal (`1` and `"1"` are one
/// data center; the type of its newest report is the one shown).
public struct DataCenterID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as text: a string id itself, a numeric id in decimal.
    public let text: String
    /// Whether it was reported as a JSON number.
    public let isNumber: Bool

    /// The largest numeric id: integers above 2^53 - 1 do not survive JSON readers that
    /// hold numbers as doubles.
    public static let maximumNumber = 9_007_199_254_740_991.0

    /// A string id: 1-64 characters of `[A-Za-z0-9-:@_]`, like a PID; `nil` otherwise.
    public init?(string: String) {
        guard PIDNaming.isValid(string) else { return nil }
        text = string
        isNumber = false
    }

    /// A numeric id: a whole number from 0 to 2^53 - 1; `nil` otherwise.
    public init?(number: Double) {
        guard number.isFinite, number >= 0, number <= Self.maximumNumber, number == number.rounded() else {
            return nil
        }
        text = String(Int64(number))
        isNumber = true
    }

    /// Reads a `dcid` member.
    /// - Throws: `E_INVALID_FIELD_TYPE` for neither a string nor a number,
    ///   `E_INVALID_FIELD_VALUE` for a string or number outside the forms above.
    public init(json: JSONValue, field: String = "dcid") throws(ALTOError) {
        switch json {
        case .string(let s):
            guard let id = DataCenterID(string: s) else {
                throw .invalidFieldValue(
                    field, value: s, reason: "a dcid string must be 1-64 characters of [A-Za-z0-9-:@_]")
            }
            self = id
        case .number(let n):
            guard let id = DataCenterID(number: n) else {
                throw .invalidFieldValue(
                    field, value: json.text, reason: "a numeric dcid must be a whole number from 0 to 2^53-1")
            }
            self = id
        default:
            throw .invalidFieldType(field, expected: "a string or a number")
        }
    }

    /// The id as a JSON value of its reported type.
    public var json: String { isNumber ? text : JSONText.quoted(text) }

    public var description: String { text }

    public static func < (a: DataCenterID, b: DataCenterID) -> Bool { a.text < b.text }
}
