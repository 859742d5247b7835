import Matrix
import Topology

/// Reads the members of one JSON object, turning each mistake into the RFC 7285 error
/// with the member's full path (`cost-type/cost-mode`).
public struct JSONObjectReader: Sendable {
    /// The path of this object from the body's root ("" at the root).
    public let path: String
    public let members: [String: JSONValue]

    /// Reads `value` as an object; `E_INVALID_FIELD_TYPE` if it is not one (at the root,
    /// `E_SYNTAX`, as the body is then not the JSON object the media type requires).
    public init(_ value: JSONValue, path: String = "") throws(ALTOError) {
        guard case .object(let members) = value else {
            if path.isEmpty { throw .syntax("the body must be a JSON object, found \(value.kind)") }
            throw .invalidFieldType(path, expected: "an object")
        }
        self.path = path
        self.members = members
    }

    /// The full path of member `name`.
    public func path(_ name: String) -> String { path.isEmpty ? name : path + "/" + name }

    /// Member `name`, `nil` when absent or `null`.
    public func optional(_ name: String) -> JSONValue? {
        guard let value = members[name], value != .null else { return nil }
        return value
    }

    /// Member `name`; `E_MISSING_FIELD` when absent or `null`.
    public func required(_ name: String) throws(ALTOError) -> JSONValue {
        guard let value = optional(name) else { throw .missingField(path(name)) }
        return value
    }

    public func object(_ name: String) throws(ALTOError) -> JSONObjectReader {
        try JSONObjectReader(required(name), path: path(name))
    }

    public func optionalObject(_ name: String) throws(ALTOError) -> JSONObjectReader? {
        guard let value = optional(name) else { return nil }
        return try JSONObjectReader(value, path: path(name))
    }

    public func string(_ name: String) throws(ALTOError) -> String {
        guard case .string(let s) = try required(name) else {
            throw .invalidFieldType(path(name), expected: "a string")
        }
        return s
    }

    public func optionalString(_ name: String) throws(ALTOError) -> String? {
        guard let value = optional(name) else { return nil }
        guard case .string(let s) = value else { throw .invalidFieldType(path(name), expected: "a string") }
        return s
    }

    /// A finite number (JSON cannot hold NaN or infinity, but a huge literal overflows).
    public func optionalNumber(_ name: String) throws(ALTOError) -> Double? {
        guard let value = optional(name) else { return nil }
        guard case .number(let n) = value else { throw .invalidFieldType(path(name), expected: "a number") }
        guard n.isFinite else { throw .invalidFieldValue(path(name), value: value.text, reason: "not a finite number") }
        return n
    }

    public func number(_ name: String) throws(ALTOError) -> Double {
        guard let n = try optionalNumber(name) else { throw .missingField(path(name)) }
        return n
    }

    /// An array of strings; `nil` when absent. A non-string element is `E_INVALID_FIELD_TYPE`
    /// on the array (RFC 7285 §8.5.2 names the array for a bad element).
    public func optionalStrings(_ name: String) throws(ALTOError) -> [String]? {
        guard let value = optional(name) else { return nil }
        guard case .array(let elements) = value else {
            throw .invalidFieldType(path(name), expected: "an array of strings")
        }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else {
                throw .invalidFieldType(path(name), expected: "an array of strings")
            }
            out.append(s)
        }
        return out
    }

    public func strings(_ name: String) throws(ALTOError) -> [String] {
        guard let list = try optionalStrings(name) else { throw .missingField(path(name)) }
        return list
    }
}
