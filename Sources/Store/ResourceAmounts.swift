import ALTO
import Foundation
import Matrix
public import Solver
import Topology

/// Amounts of the three capped resources: cores, GiB and W.
public struct ResourceAmounts: Sendable, Hashable, Codable {
    public var cpu: Double
    public var ram: Double
    public var power: Double

    public init(cpu: Double = 0, ram: Double = 0, power: Double = 0) {
        self.cpu = cpu
        self.ram = ram
        self.power = power
    }

    public static let zero = ResourceAmounts()

    public static func += (a: inout ResourceAmounts, b: ResourceAmounts) {
        a.cpu += b.cpu
        a.ram += b.ram
        a.power += b.power
    }

    /// As solver ``Resources`` (every amount present).
    public var resources: Resources { Resources(cpu: cpu, ram: ram, power: power) }

    /// What each cluster of `request` takes on from `assignments` (demand, per-cluster
    /// demand where given, and wattsPerCpu × cores).
    public static func consumption(
        of assignments: [PlacementResult.Assignment], in request: PlacementRequest
    ) -> [String: ResourceAmounts] {
        var total: [String: ResourceAmounts] = [:]
        for (_, placed) in perFunction(of: assignments, in: request) {
            total[placed.cluster, default: .zero] += placed.amounts
        }
        return total
    }

    /// Each assigned function's cluster and what it takes on there, in assignment order.
    public static func perFunction(
        of assignments: [PlacementResult.Assignment], in request: PlacementRequest
    ) -> [(function: String, placed: (cluster: String, amounts: ResourceAmounts))] {
        let functions = Dictionary(request.functions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let clusters = Dictionary(request.clusters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return assignments.compactMap { assignment in
            guard let f = functions[assignment.function] else { return nil }
            let d = f.demandByCluster?[assignment.cluster]
            let cpu = d?.cpu ?? f.demand.cpu ?? 0
            let ram = d?.ram ?? f.demand.ram ?? 0
            let watts = (clusters[assignment.cluster]?.wattsPerCpu ?? 0) * cpu
            return (f.id, (assignment.cluster, ResourceAmounts(cpu: cpu, ram: ram, power: watts)))
        }
    }

    static func decodeMap(_ text: String) throws -> [String: ResourceAmounts] {
        try JSONDecoder().decode([String: ResourceAmounts].self, from: Data(text.utf8))
    }

    static func encodeMap(_ map: [String: ResourceAmounts]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(map)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
