public import ALTO

/// What `altoplace agent` reports and where.
public struct AgentOptions: Sendable, Hashable {
    /// The data center's id, reported as given (number or string).
    public var dcid: DataCenterID
    /// The location identifier: the address of the data center's gateway.
    public var addr: IPAddress
    /// Seconds between measurements.
    public var interval: Double = 5
    /// Seconds between reports (each carries the CPU load and power averaged over the
    /// whole reporting interval); defaults to `interval`.
    public var reportInterval: Double? = nil
    /// Price per CPU core.
    public var cost: Double = 0
    /// Capacity reported; each member not given is what the host has (cores, MemTotal,
    /// the RAPL power limit or else the model's maximum).
    public var capacity = DataCenterCapacity()
    /// The power model used when no energy counter is readable.
    public var power = PowerModel()
    /// Grid carbon intensity, gCO2/kWh, reported as `carbonintensity` when set.
    public var carbonIntensity: Double? = nil
    /// Where `/proc` and `/sys` are (a fixture in tests).
    public var probeRoot = "/"

    public init(dcid: DataCenterID, addr: IPAddress) {
        self.dcid = dcid
        self.addr = addr
    }

    /// Seconds between reports.
    public var effectiveReportInterval: Double { max(interval, reportInterval ?? interval) }
}
