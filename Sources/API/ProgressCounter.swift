import Synchronization

/// Counts finished solves across tasks.
final class ProgressCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
}
