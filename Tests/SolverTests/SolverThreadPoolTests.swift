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

    @Test("jobs holding several threads never hold more than the pool has, and each gets what it asked for")
    func threadAccounting() async throws {
        let pool = SolverThreadPool(threads: 4)
        let held = ThreadCounts()
        let asks = [3, 1, 2, 4, 1, 1, 2, 9, 1, 3]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for ask in asks {
                group.addTask {
                    try await pool.run(threads: ask) { granted -> Void in
                        held.withLock {
                            $0.now += granted
                            $0.most = max($0.most, $0.now)
                            $0.granted.append(granted)
                        }
                        Thread.sleep(forTimeInterval: 0.01)
                        held.withLock { $0.now -= granted }
                    }
                }
            }
            try await group.waitForAll()
        }
        let outcome = held.withLock { $0 }
        #expect(outcome.most <= 4)
        #expect(outcome.most >= 2)  // small jobs did run side by side
        #expect(outcome.granted.sorted() == asks.map { min($0, 4) }.sorted())
        #expect(pool.reservedThreads == 0)
        await pool.shutdownGracefully()
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

/// Threads held now, the most held at once, and what each job was granted.
final class ThreadCounts: Sendable {
    private let state = Mutex((now: 0, most: 0, granted: [Int]()))
    func withLock<R>(_ body: (inout (now: Int, most: Int, granted: [Int])) -> R) -> R { state.withLock { body(&$0) } }
}
