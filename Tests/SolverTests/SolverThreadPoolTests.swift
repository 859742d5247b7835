import Foundation
import Solver
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Solver thread pool")
struct SolverThreadPoolTests {
    @Test("jobs run in FIFO order on pool threads; shutdown finishes the queue, then refuses new jobs")
    func lifecycle() async throws {
        let pool = SolverThreadPool(threads: 1)
        let order = Recorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<8 {
                group.addTask {
                    try await pool.run { () -> Void in
                        order.append(k, thread: UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))))
                    }
                }
                try await Task.sleep(for: .milliseconds(2))  // queue them in order
            }
            try await group.waitForAll()
        }
        #expect(order.values == Array(0..<8))
        #expect(order.threads.count == 1)  // one pool thread ran them all
        await pool.shutdownGracefully()
        #expect(pool.pendingJobs == 0)
        await #expect(throws: SolverThreadPool.Stopped.self) { try await pool.run { 1 } }
        pool.shutdown()  // a second call is harmless
    }

    @Test("a job queued before shutdown still runs to completion")
    func drains() async throws {
        let pool = SolverThreadPool(threads: 1)
        let slow = Task {
            try await pool.run { () -> Int in
                Thread.sleep(forTimeInterval: 0.05); return 7
            }
        }
        try await Task.sleep(for: .milliseconds(10))
        let queued = Task { try await pool.run { 8 } }
        try await Task.sleep(for: .milliseconds(10))
        await pool.shutdownGracefully()
        #expect(try await slow.value == 7)
        #expect(try await queued.value == 8)
    }
}

/// A thread-safe list of integers.
final class Recorder: Sendable {
    private let list = Mutex<([Int], Set<UInt>)>(([], []))
    func append(_ k: Int, thread: UInt) {
        list.withLock {
            $0.0.append(k)
            $0.1.insert(thread)
        }
    }
    var values: [Int] { list.withLock { $0.0 } }
    var threads: Set<UInt> { list.withLock { $0.1 } }
}
