import ALTO
import Agent
import Foundation
import Synchronization
import Testing

@Suite("Host measurements: /proc, powercap and the power model")
struct HostProbeTests {
    static func fixture(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "probe-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("CPU load is the busy share of ticks between two readings of /proc/stat")
    func cpuLoadFromFixture() throws {
        let first = try HostProbe(
            root: Self.fixture(["proc/stat": "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\n"]))
        let second = try HostProbe(
            root: Self.fixture(["proc/stat": "cpu  250 0 150 900 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\n"]))
        let a = try first.cpuTimes()
        let b = try second.cpuTimes()
        #expect(a == HostProbe.CPUTimes(total: 1000, idle: 800))
        // 400 ticks passed, 200 of them idle.
        #expect(b.busyPercent(since: a) == 50)
        #expect(try first.cores() == 1)
    }

    @Test("memory in use is (MemTotal - MemAvailable) / MemTotal")
    func memoryFromFixture() throws {
        let probe = try HostProbe(
            root: Self.fixture([
                "proc/meminfo": "MemTotal:       16000000 kB\nMemFree:  1000 kB\nMemAvailable:    4000000 kB\n"
            ]))
        let memory = try probe.memory()
        #expect(memory.usedPercent == 75)
        #expect(abs(memory.totalGiB - 15.2587890625) < 1e-9)
    }

    @Test("memory in use on this host agrees with /proc/meminfo read independently, within 2 points")
    func memoryOnThisHost() throws {
        let measured = try HostProbe().memory().usedPercent
        let text = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        func field(_ name: String) -> Double {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") }!
            return Double(line.split(separator: " ", omittingEmptySubsequences: true)[1])!
        }
        let expected = 100 * (field("MemTotal") - field("MemAvailable")) / field("MemTotal")
        #expect(abs(measured - expected) < 2)
        #expect(measured > 0 && measured < 100)
    }

    /// This process's CPU time (utime + stime), in the same ticks as `/proc/stat`.
    static func ownTicks() throws -> UInt64 {
        let text = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields = text[text.index(after: text.lastIndex(of: ")")!)...].split(separator: " ")
        return UInt64(fields[11])! + UInt64(fields[12])!
    }

    @Test("loading a CPU core raises the measured load by at least the CPU time it burned")
    func loadedCoreRaisesLoad() async throws {
        let probe = HostProbe()
        let stop = Atomic(false)
        let before = try probe.cpuTimes()
        let ownBefore = try Self.ownTicks()
        let spinner = Thread {
            var x = 0.0
            while !stop.load(ordering: .relaxed) { x += 1 }
            _ = x
        }
        spinner.start()
        try await Task.sleep(for: .milliseconds(1000))
        stop.store(true, ordering: .relaxed)
        let after = try probe.cpuTimes()
        let burned = Double(try Self.ownTicks() - ownBefore)
        let elapsed = Double(after.total - before.total)
        let measured = after.busyPercent(since: before)
        // The spinner ran for a good part of the second (other tests share the machine).
        #expect(burned > 0.2 * elapsed / Double(try probe.cores()), "burned \(burned) of \(elapsed) ticks")
        // The host's load counts at least what this process burned (one tick of slack per core).
        let ownShare = 100 * (burned - Double(try probe.cores())) / elapsed
        #expect(measured >= ownShare, "measured \(measured)%, this process alone \(100 * burned / elapsed)%")
        #expect(measured > 0)
    }

    @Test("power from powercap energy counters, top-level zones only, with a counter wrapping")
    func raplWatts() throws {
        let before = try HostProbe(
            root: Self.fixture([
                "sys/class/powercap/intel-rapl:0/energy_uj": "999000000\n",
                "sys/class/powercap/intel-rapl:0/max_energy_range_uj": "1000000000\n",
                "sys/class/powercap/intel-rapl:0/constraint_0_power_limit_uw": "125000000\n",
                "sys/class/powercap/intel-rapl:0:0/energy_uj": "5\n",
                "sys/class/powercap/intel-rapl:1/energy_uj": "0\n",
            ]))
        let after = try HostProbe(
            root: Self.fixture([
                "sys/class/powercap/intel-rapl:0/energy_uj": "9000000\n",
                "sys/class/powercap/intel-rapl:0/max_energy_range_uj": "1000000000\n",
                "sys/class/powercap/intel-rapl:1/energy_uj": "20000000\n",
            ]))
        let a = before.energyCounters()
        let b = after.energyCounters()
        #expect(a.map(\.zone) == ["intel-rapl:0", "intel-rapl:1"])
        // Zone 0 wrapped: 1 J to the top, then 9 J; zone 1: 20 J. 30 J over 2 s.
        #expect(HostProbe.watts(from: a, to: b, seconds: 2) == 15)
        #expect(before.powerLimit() == 125)
        #expect(HostProbe(root: try Self.fixture([:])).energyCounters().isEmpty)
    }

    @Test("the power model is linear between idle and full load, clamped")
    func powerModel() {
        let model = PowerModel(idleWatts: 100, maxWatts: 300)
        #expect(model.watts(atLoad: 0) == 100)
        #expect(model.watts(atLoad: 25) == 150)
        #expect(model.watts(atLoad: 140) == 300)
    }
}
