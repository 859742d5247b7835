import Matrix
import Topology

/// The error codes of RFC 7285 §8.5.2 (Table 1).
public enum ALTOErrorCode: String, Sendable, Hashable, CaseIterable {
    /// The request body is not valid JSON ("Parsing error in request").
    case syntax = "E_SYNTAX"
    /// A required field is missing.
    case missingField = "E_MISSING_FIELD"
    /// A field holds a JSON value of the wrong type.
    case invalidFieldType = "E_INVALID_FIELD_TYPE"
    /// A field holds a value the server does not accept.
    case invalidFieldValue = "E_INVALID_FIELD_VALUE"
}
