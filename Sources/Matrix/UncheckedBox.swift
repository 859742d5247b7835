/// Carries a value across a `@Sendable` boundary whose safety the caller has
/// established (disjoint writes per work item, joined before use).
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
