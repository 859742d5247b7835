/// An amount of each resource a placement accounts for. Absent keys are zero.
///
/// Units: `cpu` in cores, `ram` in GiB, `power` in watts.
public struct Resources: Sendable, Hashable, Codable {
    public var cpu: Double?
    public var ram: Double?
    public var power: Double?

    public init(cpu: Double? = nil, ram: Double? = nil, power: Double? = nil) {
        self.cpu = cpu
        self.ram = ram
        self.power = power
    }
}
