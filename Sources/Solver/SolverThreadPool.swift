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
    private var jobs = Deque<(threads: Int, run: @Sendable () -> Void)>()
    private var running = 0
    /// Threads the running jobs hold (each at least 1).
    private var reserved = 0
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
        try await run(threads: 1) { _ in try body() }
    }

    /// Runs `body` on a pool thread once `threads` of the pool's threads are free (at
    /// most all of them), and passes it that count: a job that works on several threads
    /// (a solve's pricing passes, its LP beside its subgradient) holds that many, so
    /// concurrent jobs never ask for more threads than the pool has. Jobs start in FIFO
    /// order; one that waits for threads holds back those queued after it.
    /// - Throws: what `body` throws; ``Stopped`` (as `any Error`) when the pool was shut
    ///   down before the job was queued.
    public func run<T: Sendable>(threads: Int, _ body: @escaping @Sendable (Int) throws -> T) async throws -> T {
        let granted = min(max(1, threads), threadCount)
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            let queued = enqueue(threads: granted) {
                do {
                    continuation.resume(returning: .success(try body(granted)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !queued { continuation.resume(returning: .failure(Stopped())) }
        }
        return try outcome.get()
    }

    /// Threads the running jobs hold now.
    public var reservedThreads: Int {
        wakeup.lock()
        defer { wakeup.unlock() }
        return reserved
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

    private func enqueue(threads: Int, _ job: @escaping @Sendable () -> Void) -> Bool {
        wakeup.lock()
        defer { wakeup.unlock() }
        guard !stopping else { return false }
        jobs.append((threads, job))
        wakeup.signal()
        return true
    }

    private func work() {
        while true {
            wakeup.lock()
            // The first job starts once its threads are free; it asks for at most all of
            // them, so it starts at the latest when nothing runs.
            while true {
                if let first = jobs.first {
                    if reserved + first.threads <= threadCount { break }
                } else if stopping {
                    break
                }
                wakeup.wait()
            }
            guard let job = jobs.popFirst() else {
                alive -= 1
                wakeup.broadcast()
                wakeup.unlock()
                return
            }
            running += 1
            reserved += job.threads
            wakeup.unlock()
            job.run()
            wakeup.lock()
            running -= 1
            reserved -= job.threads
            wakeup.broadcast()
            wakeup.unlock()
        }
    }
}
