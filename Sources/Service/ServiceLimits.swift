import Foundation
public import Topology

/// What the service refuses to take on, so that no request can exhaust the machine, and
/// how much history it keeps. docs/limits.md explains each figure.
public struct ServiceLimits: Sendable, Hashable {
    /// The most nodes a served topology may have.
    public var maxTopologyNodes = 5_000
    /// The memory a topology may need by ``estimatedBytes(nodes:meanNameBytes:)``, in bytes.
    public var memoryBudget = ServiceLimits.defaultMemoryBudget
    /// Data-center reports kept for resuming push clients (the newest report of every data
    /// center is kept regardless).
    public var reportHistory = 100_000
    /// Topology versions kept, the current one included.
    public var topologyHistory = 20
    /// The most function × cluster pairs one placement, ranking or what-if study may
    /// ask for (each pair costs the model about 9 bytes, and the solve time grows with
    /// them: 100,000 × 1,000 reached 1% in 26 s and peaked at 1.2 GiB on 2 cores).
    public var maxPlacementPairs = 4_000_000

    public init() {}

    /// The memory one served topology of `nodes` nodes needs, in bytes, as the service
    /// holds it at its peak:
    /// - two versions while a change is computed (the old one is still served): each has
    ///   two `Float` matrices (routing cost and hop count) and a `Double` latency table, 16
    ///   bytes per node pair;
    /// - the all-pairs computation's working copy, 8 bytes per pair;
    /// - the four full cost maps (two metrics × two modes) once rendered, each about
    ///   `meanNameBytes + 12` bytes per pair as JSON, plus a fifth of that gzip-compressed.
    ///
    /// Overestimates a sparse or disconnected topology (unreachable pairs are not
    /// published), never underestimates a connected one. Measured figures are in
    /// docs/limits.md.
    /// - Complexity: O(1).
    public static func estimatedBytes(nodes: Int, meanNameBytes: Double) -> Double {
        let pairs = Double(nodes) * Double(nodes)
        let matrices = 2 * 16 * pairs + 8 * pairs
        let documents = 4 * pairs * (meanNameBytes + 12) * 1.2
        return matrices + documents
    }

    /// Half the memory this process may use: its cgroup's limit if one is set (v2
    /// `memory.max` or v1 `memory.limit_in_bytes`), else physical memory.
    public static var defaultMemoryBudget: Int {
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var limit = physical
        var files: [String] = []
        // /proc/self/cgroup: "0::/path" (v2) or "4:memory:/path" (v1).
        let membership = (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? ""
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[1].isEmpty {
                files.append("/sys/fs/cgroup\(fields[2])/memory.max")
            } else if fields[1].split(separator: ",").contains("memory") {
                files.append("/sys/fs/cgroup/memory\(fields[2])/memory.limit_in_bytes")
            }
        }
        for path in files {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0
            {
                limit = min(limit, value)
            }
        }
        return max(limit / 2, 64 << 20)
    }

    /// Refuses a topology of `nodes` nodes over ``maxTopologyNodes`` or, by its estimated
    /// memory, over ``memoryBudget``.
    /// - Throws: ``ServiceError`` `.tooLarge`, naming the limit.
    public func check(nodes: Int, meanNameBytes: Double) throws(ServiceError) {
        guard nodes <= maxTopologyNodes else {
            throw ServiceError(
                .tooLarge,
                "the topology has \(nodes) nodes; the limit is \(maxTopologyNodes) (setting maxTopologyNodes)")
        }
        let estimate = Self.estimatedBytes(nodes: nodes, meanNameBytes: meanNameBytes)
        guard estimate <= Double(memoryBudget) else {
            throw ServiceError(
                .tooLarge,
                "the topology's \(nodes) nodes would need about \(Self.mebibytes(estimate)) MiB; the memory budget is \(Self.mebibytes(Double(memoryBudget))) MiB (setting memoryBudget)"
            )
        }
    }

    /// ``check(nodes:meanNameBytes:)`` for `topology`.
    public func check(_ topology: Topology) throws(ServiceError) {
        let names = topology.nodes.reduce(0) { $0 + $1.id.utf8.count }
        try check(nodes: topology.nodes.count, meanNameBytes: Double(names) / Double(max(1, topology.nodes.count)))
    }

    static func mebibytes(_ bytes: Double) -> Int { Int((bytes / 1_048_576).rounded(.up)) }
}
