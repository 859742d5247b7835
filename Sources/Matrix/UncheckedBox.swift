/// Carries a value across a `@Sendable` boundary whose safety the caller has
/// established (disjoint writes per work item, joined before use).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
