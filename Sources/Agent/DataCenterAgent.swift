public import ALTO
import Foundation
public import Logging
public import Service

/// The ALTO interface at a data center (draft-lee Figure 1): it measures the host it runs
/// on every ``AgentOptions/interval`` seconds and, every reporting interval, stores a
/// report in its own service, from which its `GET /getdcinfo`, push stream and the
/// reporter to a central altoplace read.
///
/// A report carries:
/// - `srvload`: CPU busy percent over the reporting interval, from `/proc/stat`;
/// - `ramusage`: percent of memory in use, (MemTotal - MemAvailable) / MemTotal from
///   `/proc/meminfo`, averaged over the interval's measurements;
/// - `powerusage`: W over the interval from the powercap (RAPL) energy counters, or else
///   the ``PowerModel`` at that load, with `"powerestimated": true`;
/// - `cost` and `addr` from the options, `capacity`, and `carbonintensity` when set.
public final class DataCenterAgent: Sendable {
    public let options: AgentOptions
    let service: AltoplaceService
    let logger: Logger
    let probe: HostProbe

    public init(options: AgentOptions, service: AltoplaceService, logger: Logger) {
        self.options = options
        self.service = service
        self.logger = logger
        self.probe = HostProbe(root: options.probeRoot)
    }

    /// The capacity reported: the options' members, else what the host has.
    public func capacity() throws -> DataCenterCapacity {
        var capacity = options.capacity
        if capacity.cpu == nil { capacity.cpu = Double(try probe.cores()) }
        if capacity.ram == nil { capacity.ram = (try probe.memory().totalGiB * 1000).rounded() / 1000 }
        if capacity.power == nil { capacity.power = probe.powerLimit() ?? options.power.maxWatts }
        return capacity
    }

    /// One report from measured values.
    public func report(srvload: Double, ramusage: Double, watts: Double, estimated: Bool, capacity: DataCenterCapacity)
        -> DCInfo
    {
        func round(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        var extensions: [String: JSONValue] = [
            "capacity": capacity.json, "powerestimated": .bool(estimated),
        ]
        if let carbon = options.carbonIntensity { extensions["carbonintensity"] = .number(carbon) }
        return DCInfo(
            dcid: options.dcid, addr: [options.addr], addrIsList: true, timestamp: DCTimestamp.format(Date()),
            ramusage: round(ramusage), srvload: round(srvload), powerusage: round(watts), cost: options.cost,
            extensions: extensions)
    }

    /// Measures and reports until cancelled. A measurement that fails (a file of `/proc`
    /// unreadable) is logged and skipped; the loop goes on.
    public func run() async throws {
        let capacity = try capacity()
        let clock = ContinuousClock()
        var startTimes = try probe.cpuTimes()
        var startEnergy = probe.energyCounters()
        var start = clock.now
        var ramSamples: [Double] = []
        logger.info(
            "agent measuring",
            metadata: [
                "dcid": "\(options.dcid)", "interval": "\(options.interval)",
                "power": "\(startEnergy.isEmpty ? "model" : "powercap \(startEnergy.map(\.zone))")",
            ])
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(options.interval))
            do {
                ramSamples.append(try probe.memory().usedPercent)
                let now = clock.now
                let elapsed = now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                guard seconds >= options.effectiveReportInterval - options.interval / 2 else { continue }
                let times = try probe.cpuTimes()
                let energy = probe.energyCounters()
                let load = times.busyPercent(since: startTimes)
                let measured = HostProbe.watts(from: startEnergy, to: energy, seconds: seconds)
                let info = report(
                    srvload: load, ramusage: ramSamples.reduce(0, +) / Double(ramSamples.count),
                    watts: measured ?? options.power.watts(atLoad: load), estimated: measured == nil,
                    capacity: capacity)
                _ = try await service.report(info)
                (startTimes, startEnergy, start, ramSamples) = (times, energy, now, [])
            } catch let failure as HostProbe.Failure {
                logger.error("measurement failed", metadata: ["reason": "\(failure)"])
            }
        }
    }
}
