import ALTO
import Matrix
public import Solver
import Store
import Topology

/// One change of a what-if scenario. Exactly one member is set:
/// - `clusterDown`: a cluster id; the cluster is gone;
/// - `linkDown`: `{"source", "target"}` node ids; every link between them is removed and
///   all latencies are recomputed from the changed topology;
/// - `trafficScale`: `{"factor", "functions"?}`; traffic rates (of the listed functions,
///   or all) are multiplied by `factor`;
/// - `capacity`: `{"cluster", "cpu"?, "ram"?, "power"?}`; the given capacities are set;
/// - `addFunctions`: functions to add (the solver's function format);
/// - `removeFunctions`: function ids to remove.
public struct ScenarioChange: Sendable, Hashable, Codable {
    public struct Link: Sendable, Hashable, Codable {
        public var source: String
        public var target: String
        public init(source: String, target: String) {
            (self.source, self.target) = (source, target)
        }
    }

    public struct TrafficScale: Sendable, Hashable, Codable {
        public var factor: Double
        public var functions: [String]?
    }

    public struct Capacity: Sendable, Hashable, Codable {
        public var cluster: String
        public var cpu: Double?
        public var ram: Double?
        public var power: Double?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case cluster, cpu, ram, power
        }

        /// Refuses keys it does not know (`"cores": 0` would otherwise change nothing,
        /// silently).
        public init(from decoder: any Decoder) throws {
            let any = try decoder.container(keyedBy: AnyKey.self)
            let known = Set(CodingKeys.allCases.map(\.rawValue))
            if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
                throw DecodingError.dataCorruptedError(
                    forKey: unknown, in: any,
                    debugDescription:
                        "unknown capacity key \"\(unknown.stringValue)\"; the keys are cluster, cpu, ram and power")
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cluster = try c.decode(String.self, forKey: .cluster)
            cpu = try c.decodeIfPresent(Double.self, forKey: .cpu)
            ram = try c.decodeIfPresent(Double.self, forKey: .ram)
            power = try c.decodeIfPresent(Double.self, forKey: .power)
        }

        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    public var clusterDown: String?
    public var linkDown: Link?
    public var trafficScale: TrafficScale?
    public var capacity: Capacity?
    public var addFunctions: [PlacementFunction]?
    public var removeFunctions: [String]?

    public init(
        clusterDown: String? = nil, linkDown: Link? = nil, trafficScale: TrafficScale? = nil,
        capacity: Capacity? = nil, addFunctions: [PlacementFunction]? = nil, removeFunctions: [String]? = nil
    ) {
        self.clusterDown = clusterDown
        self.linkDown = linkDown
        self.trafficScale = trafficScale
        self.capacity = capacity
        self.addFunctions = addFunctions
        self.removeFunctions = removeFunctions
    }

    /// How many members are set (must be 1).
    var memberCount: Int {
        [
            clusterDown != nil, linkDown != nil, trafficScale != nil, capacity != nil, addFunctions != nil,
            removeFunctions != nil,
        ].filter { $0 }.count
    }
}
