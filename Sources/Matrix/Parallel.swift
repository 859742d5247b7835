import Dispatch
import Synchronization

/// Fork–join loops over a fixed number of worker threads.
///
/// Work items are handed out through an atomic counter, so a worker that loses its
/// core to another process simply takes fewer items instead of stalling the rest at
/// a fine-grained barrier; the only synchronisation is the join at the end of each
/// call (one per phase of an algorithm).
public enum Parallel {
    /// Runs `body(item)` for every item in `0..<count` on up to `threads` threads,
    /// handing out `grain` consecutive items at a time. Returns when all are done.
    public static func forEach(count: Int, threads: Int, grain: Int = 1, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, (count + grain - 1) / grain))
        if workers == 1 {
            for item in 0..<count { body(item) }
            return
        }
        let counter = WorkCounter()
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let start = counter.next.wrappingAdd(grain, ordering: .relaxed).oldValue
                    if start >= count { break }
                    for item in start..<min(start + grain, count) { box.value(item) }
                }
            }
        }
    }
}
