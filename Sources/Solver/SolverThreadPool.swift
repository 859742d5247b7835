import Foundation
import Synchronization

/// A fixed set of dedicated OS threads for blocking solver work (GLPK solves,
/// large BLAS calls), so it never runs on Swift's cooperative pool or an event loop.
///
/// GLPK keeps one environment per thread; a job runs start to finish on one pool
/// thread, so a create–solve–delete sequence never changes threads. Jobs wait in
/// FIFO order when every thread is busy.
public final class SolverThreadPool: Sendable {
    /// Threads in the pool.
    public let threadCount: Int
    private let state: Mutex<State>
    private let wakeup: NSCondition

    private struct State: ~Copyable {
        var jobs: [@Sendable () -> Void] = []
        var running = 0
        var stopping = false
    }

    /// Jobs waiting plus jobs running now.
    public var pendingJobs: Int { state.withLock { $0.jobs.count + $0.running } }

    /// Starts `threads` worker threads (at least 1).
    public init(threads: Int) {
        threadCount = max(1, threads)
        state = Mutex(State())
        wakeup = NSCondition()
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.work() }
            thread.name = "altoplace-solver-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on a pool thread and returns its result. If the calling task is
    /// cancelled before the job starts, the job still runs (cancellation is for the
    /// body to check; see ``CancellationFlag``).
    public func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let outcome: Result<T, E> = await withCheckedContinuation { continuation in
            enqueue {
                do throws(E) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }

    /// Stops the threads after the queued jobs finish.
    public func shutdown() {
        wakeup.lock()
        state.withLock { $0.stopping = true }
        wakeup.broadcast()
        wakeup.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        wakeup.lock()
        state.withLock { $0.jobs.append(job) }
        wakeup.signal()
        wakeup.unlock()
    }

    private func work() {
        while true {
            wakeup.lock()
            var job: (@Sendable () -> Void)? = nil
            while true {
                let (next, stop) = state.withLock { s -> ((@Sendable () -> Void)?, Bool) in
                    if !s.jobs.isEmpty {
                        s.running += 1
                        return (s.jobs.removeFirst(), false)
                    }
                    return (nil, s.stopping)
                }
                if let next {
                    job = next
                    break
                }
                if stop { break }
                wakeup.wait()
            }
            wakeup.unlock()
            guard let job else { return }
            job()
            state.withLock { $0.running -= 1 }
        }
    }
}
