import Matrix
import Topology

/// An error answered as `application/alto-error+json` (RFC 7285 §8.5): a body holding
/// only `meta`, with `code` and, by code, `syntax-error`, `field` or `field` and `value`.
///
/// RFC 7285 names no HTTP status for these codes; the server answers 400 Bad Request for
/// all four, as common practice does. `field` is the full path of the
/// field, outer name first, separated by `/` (`cost-type/cost-mode`), following the
/// RFC's `cost-type/cost-metric` example.
public struct ALTOError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ALTOErrorCode
    /// The path of the field at fault (all codes but `E_SYNTAX`).
    public var field: String?
    /// The offending value, as a string (`E_INVALID_FIELD_VALUE` only).
    public var value: String?
    /// What is wrong with the JSON text, with the position when known (`E_SYNTAX` only).
    public var syntaxError: String?
    /// A human-readable explanation; sent as `meta.message` (an extension member: RFC 7285
    /// §8.4 lets `meta` carry any members).
    public var message: String?

    public static func syntax(_ detail: String) -> ALTOError {
        ALTOError(code: .syntax, syntaxError: detail)
    }

    public static func missingField(_ field: String) -> ALTOError {
        ALTOError(code: .missingField, field: field, message: "missing required field \"\(field)\"")
    }

    public static func invalidFieldType(_ field: String, expected: String) -> ALTOError {
        ALTOError(code: .invalidFieldType, field: field, message: "\"\(field)\" must be \(expected)")
    }

    public static func invalidFieldValue(_ field: String, value: String, reason: String) -> ALTOError {
        ALTOError(code: .invalidFieldValue, field: field, value: value, message: reason)
    }

    public init(
        code: ALTOErrorCode, field: String? = nil, value: String? = nil, syntaxError: String? = nil,
        message: String? = nil
    ) {
        self.code = code
        self.field = field
        self.value = value
        self.syntaxError = syntaxError
        self.message = message
    }

    /// The response body, members in a fixed order.
    public var json: String {
        var members = ["\"code\":\(JSONText.quoted(code.rawValue))"]
        if let syntaxError { members.append("\"syntax-error\":\(JSONText.quoted(syntaxError))") }
        if let field { members.append("\"field\":\(JSONText.quoted(field))") }
        if let value { members.append("\"value\":\(JSONText.quoted(value))") }
        if let message { members.append("\"message\":\(JSONText.quoted(message))") }
        return "{\"meta\":{" + members.joined(separator: ",") + "}}"
    }

    public var description: String {
        var text = code.rawValue
        if let field { text += " at \(field)" }
        if let detail = message ?? syntaxError { text += ": \(detail)" }
        return text
    }
}
