import Matrix
import Topology

/// Any JSON value, for reading request bodies field by field so that each mistake gets
/// the RFC 7285 error it deserves (a missing field, a wrong type, a bad value) with the
/// field's path, instead of one opaque decoding failure.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a request body (strict RFC 8259 JSON, see `JSONParser`).
    /// - Throws: `E_SYNTAX` naming the line and column of the fault.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ALTOError) -> JSONValue {
        let array = Array(bytes)
        guard !array.isEmpty else { throw .syntax("the body is empty") }
        do {
            return try JSONParser.parse(array)
        } catch {
            throw .syntax(error.description)
        }
    }

    /// The kind of value, for messages: "a string", "an object", …
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as text for an `E_INVALID_FIELD_VALUE` `value` member.
    public var text: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .number(let n): JSONText.number(n)
        case .string(let s): s
        case .array, .object: kind
        }
    }
}
