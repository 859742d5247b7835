import DequeModule
import Foundation

/// A fixed set of dedicated OS threads for blocking solver work (GLPK solves, large BLAS
/// calls), so it never runs on Swift's cooperative pool or an event loop.
///
/// GLPK keeps one environment per thread; a job runs start to finish on one pool thread,
/// so a create–solve–delete sequence never changes threads. Jobs wait in FIFO order when
/// every thread is busy. One lock (the condition's) guards the queue; enqueueing and
/// taking a job are O(1).
public final class SolverThreadPool: @unchecked Sendable {
    /// Threads in the pool.
    public let threadCount: Int
    // Guarded by `wakeup`.
    private var jobs = Deque<@Sendable () -> Void>()
    private var running = 0
    private var stopping = false
    private var alive = 0
    private let wakeup = NSCondition()

    /// Why a job was not run: the pool was shut down first.
    public struct Stopped: Error, Sendable, CustomStringConvertible {
        public var description: String { "the solver pool is shut down" }
    }

    /// Jobs waiting plus jobs running now.
    public var pendingJobs: Int {
        wakeup.lock()
        defer { wakeup.unlock() }
        return jobs.count + running
    }

    /// Starts `threads` worker threads (at least 1).
    public init(threads: Int) {
        threadCount = max(1, threads)
        alive = threadCount
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.work() }
            thread.name = "altoplace-solver-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on a pool thread and returns its result. If the calling task is
    /// cancelled before the job starts, the job still runs (cancellation is for the body
    /// to check; see ``CancellationFlag``).
    /// - Throws: what `body` throws; ``Stopped`` (as `any Error`) when the pool was shut
    ///   down before the job was queued.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            let queued = enqueue {
                do {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !queued { continuation.resume(returning: .failure(Stopped())) }
        }
        return try outcome.get()
    }

    /// Stops the threads once the queued jobs have finished, and waits for them to exit.
    /// Jobs queued afterwards fail with ``Stopped``. Safe to call more than once.
    public func shutdown() {
        wakeup.lock()
        stopping = true
        wakeup.broadcast()
        while alive > 0 { wakeup.wait() }
        wakeup.unlock()
    }

    /// ``shutdown()`` without blocking the calling task's thread: the wait happens on a
    /// thread of its own.
    public func shutdownGracefully() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                shutdown()
                done.resume()
            }
            thread.name = "altoplace-solver-shutdown"
            thread.start()
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        wakeup.lock()
        defer { wakeup.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        wakeup.signal()
        return true
    }

    private func work() {
        while true {
            wakeup.lock()
            while jobs.isEmpty && !stopping { wakeup.wait() }
            guard let job = jobs.popFirst() else {
                alive -= 1
                wakeup.broadcast()
                wakeup.unlock()
                return
            }
            running += 1
            wakeup.unlock()
            job()
            wakeup.lock()
            running -= 1
            wakeup.unlock()
        }
    }
}
