public import OpenAPIKit

/// A type whose JSON the OpenAPI document describes, under `components/schemas`.
public protocol DocumentSchema: Sendable {
    /// The component name (`ClusterDocument`).
    static var schemaName: String { get }
    /// The JSON Schema of the type's encoding: properties, required fields, enums, minimums
    /// and patterns the server enforces.
    static var schema: JSONSchema { get }
}

extension DocumentSchema {
    public static var schemaName: String { String(describing: Self.self) }
    /// A `$ref` to the component.
    static var reference: JSONSchema { .reference(.component(named: schemaName)) }
}
