/// What a data center (or the host an agent measures) can hold, reported in the
/// `capacity` extension member: `cpu` in cores, `ram` in GiB, `power` in W (the power
/// cap). Each is optional and ≥ 0.
public struct DataCenterCapacity: Sendable, Hashable {
    public var cpu: Double?
    public var ram: Double?
    public var power: Double?

    public init(cpu: Double? = nil, ram: Double? = nil, power: Double? = nil) {
        self.cpu = cpu
        self.ram = ram
        self.power = power
    }

    /// `{"cpu":…,"ram":…,"power":…}` with the members that are set.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        if let cpu { members["cpu"] = .number(cpu) }
        if let ram { members["ram"] = .number(ram) }
        if let power { members["power"] = .number(power) }
        return .object(members)
    }
}
