/// What one instance of a function needs: cores and GiB.
public struct FunctionDemand: Sendable, Hashable, Codable {
    public var cpu: Double?
    public var ram: Double?

    public init(cpu: Double? = nil, ram: Double? = nil) {
        self.cpu = cpu
        self.ram = ram
    }
}
