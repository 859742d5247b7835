import ALTO
import Matrix
import Solver
import Store
import Synchronization
import Topology

/// Counts finished solves across tasks.
package final class ProgressCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
}
