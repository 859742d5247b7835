/// A value handed back from work on another thread. The hand-over's happens-before
/// comes from the join (`DispatchGroup.wait`), not from this box.
final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}
