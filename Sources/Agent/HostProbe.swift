public import Foundation

/// Reads what a Linux host is doing from `/proc` and `/sys`: CPU time counters, memory,
/// and the powercap (RAPL) energy counters where the kernel exposes them.
///
/// Every path is under `root` (`/` on a real host), so tests can point it at a fixture.
public struct HostProbe: Sendable {
    /// CPU time since boot from the first line of `/proc/stat`, in clock ticks.
    public struct CPUTimes: Sendable, Hashable {
        /// All time: user, nice, system, idle, iowait, irq, softirq, steal.
        public var total: UInt64
        /// Time doing nothing: idle and iowait.
        public var idle: UInt64

        public init(total: UInt64, idle: UInt64) {
            self.total = total
            self.idle = idle
        }

        /// Percent of the time between `earlier` and this reading spent busy (0-100); 0
        /// when no tick has passed.
        public func busyPercent(since earlier: CPUTimes) -> Double {
            guard total > earlier.total else { return 0 }
            let elapsed = Double(total - earlier.total)
            let idled = Double(idle >= earlier.idle ? idle - earlier.idle : 0)
            return min(100, max(0, 100 * (elapsed - idled) / elapsed))
        }
    }

    /// Memory from `/proc/meminfo`, in KiB.
    public struct Memory: Sendable, Hashable {
        public var total: UInt64
        public var available: UInt64

        /// Percent in use: (MemTotal - MemAvailable) / MemTotal.
        public var usedPercent: Double {
            guard total > 0 else { return 0 }
            return 100 * Double(total - min(available, total)) / Double(total)
        }

        /// MemTotal in GiB.
        public var totalGiB: Double { Double(total) / 1_048_576 }
    }

    /// One powercap zone's energy counter (µJ) and the value at which it wraps.
    public struct EnergyCounter: Sendable, Hashable {
        public var zone: String
        public var microjoules: UInt64
        public var range: UInt64
    }

    public let root: String

    public init(root: String = "/") { self.root = root }

    /// An error reading a file the probe needs.
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    func read(_ relative: String) throws(Failure) -> String {
        let full = path(relative)
        guard let data = FileManager.default.contents(atPath: full), let text = String(data: data, encoding: .utf8)
        else { throw Failure(path: full, reason: "cannot be read") }
        return text
    }

    /// The aggregate `cpu` line of `/proc/stat`.
    public func cpuTimes() throws(Failure) -> CPUTimes {
        let text = try read("proc/stat")
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else {
            throw Failure(path: path("proc/stat"), reason: "no aggregate cpu line")
        }
        let fields = line.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard fields.count >= 5 else { throw Failure(path: path("proc/stat"), reason: "too few cpu fields") }
        return CPUTimes(total: fields.reduce(0, +), idle: fields[3] + fields[4])
    }

    /// Online CPUs: the `cpuN` lines of `/proc/stat`.
    public func cores() throws(Failure) -> Int {
        let text = try read("proc/stat")
        return text.split(separator: "\n").count { $0.hasPrefix("cpu") && !$0.hasPrefix("cpu ") }
    }

    /// MemTotal and MemAvailable.
    public func memory() throws(Failure) -> Memory {
        let text = try read("proc/meminfo")
        var values: [Substring: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let value = UInt64(parts[1]) else { continue }
            values[parts[0]] = value
        }
        guard let total = values["MemTotal:"], let available = values["MemAvailable:"] else {
            throw Failure(path: path("proc/meminfo"), reason: "no MemTotal or MemAvailable")
        }
        return Memory(total: total, available: available)
    }

    /// The top-level powercap zones' energy counters (`/sys/class/powercap/<zone>/energy_uj`
    /// with `max_energy_range_uj`): one per package, e.g. `intel-rapl:0` (AMD's driver
    /// uses the same names). Sub-zones (`intel-rapl:0:0`, the cores within a package) are
    /// left out, as the package already counts them. Empty when none is readable (no
    /// driver, a virtual machine, or counters readable by root only).
    public func energyCounters() -> [EnergyCounter] {
        let base = path("sys/class/powercap")
        guard let zones = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
        var counters: [EnergyCounter] = []
        for zone in zones.sorted() where zone.split(separator: ":").count == 2 {
            let energy = try? read("sys/class/powercap/\(zone)/energy_uj")
            let range = try? read("sys/class/powercap/\(zone)/max_energy_range_uj")
            guard let energy, let value = UInt64(energy.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                continue
            }
            let wrap = range.flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? UInt64.max
            counters.append(EnergyCounter(zone: zone, microjoules: value, range: wrap))
        }
        return counters
    }

    /// The summed long-term power limit of those zones (`constraint_0_power_limit_uw`), W.
    public func powerLimit() -> Double? {
        let base = path("sys/class/powercap")
        guard let zones = try? FileManager.default.contentsOfDirectory(atPath: base) else { return nil }
        var total = 0.0
        var found = false
        for zone in zones where zone.split(separator: ":").count == 2 {
            guard let text = try? read("sys/class/powercap/\(zone)/constraint_0_power_limit_uw"),
                let microwatts = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
            else { continue }
            total += microwatts / 1e6
            found = true
        }
        return found ? total : nil
    }

    /// Average watts between two readings of the same zones, `seconds` apart, allowing
    /// each counter to wrap once; `nil` if the zones differ or no time passed.
    public static func watts(from earlier: [EnergyCounter], to later: [EnergyCounter], seconds: Double) -> Double? {
        guard seconds > 0, !earlier.isEmpty, earlier.map(\.zone) == later.map(\.zone) else { return nil }
        var joules = 0.0
        for (a, b) in zip(earlier, later) {
            let delta =
                b.microjoules >= a.microjoules
                ? b.microjoules - a.microjoules : (a.range - a.microjoules) + b.microjoules
            joules += Double(delta) / 1e6
        }
        return joules / seconds
    }
}
