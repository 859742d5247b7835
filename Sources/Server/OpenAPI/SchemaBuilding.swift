import OpenAPIKit

/// Shorthands for the schemas of this API. A field the server reads as optional accepts
/// `null` too (Swift's decoder reads `null` as absent), so optional fields are nullable.
enum SchemaBuilding {
    /// A number ≥ 0 (the server refuses negative amounts).
    static let nonNegative: JSONSchema = .number(minimum: (0, exclusive: false))
    /// A number > 0.
    static let positive: JSONSchema = .number(minimum: (0, exclusive: true))

    /// `schema` as an optional, nullable property.
    static func optional(_ schema: JSONSchema) -> JSONSchema {
        schema.optionalSchemaObject().nullableSchemaObject()
    }

    /// An optional, nullable reference to `type`'s component.
    static func optional(_ type: any DocumentSchema.Type) -> JSONSchema {
        .one(of: type.reference, .null(), required: false)
    }

    /// A map from strings to `values`.
    static func map(_ values: JSONSchema, required: Bool = true) -> JSONSchema {
        .object(required: required, additionalProperties: .b(values))
    }
}
