import Synchronization

/// The shared cursor of one ``Parallel/forEach(count:threads:grain:_:)`` call, on
/// the heap so every worker sees one stable address.
final class WorkCounter: Sendable {
    let next = Atomic<Int>(0)
}
