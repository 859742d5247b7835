import Foundation

/// Any JSON value, for reading request bodies field by field so that each mistake gets
/// the RFC 7285 error it deserves (a missing field, a wrong type, a bad value) with the
/// field's path, instead of one opaque decoding failure.
public indirect enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses a request body.
    /// - Throws: `E_SYNTAX` with Foundation's description of the fault (it names the
    ///   line and column when it can).
    public static func parse(_ bytes: some Collection<UInt8>) throws(ALTOError) -> JSONValue {
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            var detail = "not valid JSON"
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch let nsError as NSError {
                if let text = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { detail = text }
            } catch {}
            if data.isEmpty { detail = "the body is empty" }
            throw .syntax(detail)
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
