import Matrix
public import Topology

/// An RFC 7285 network map (§5, §11.2.1): one PID per topology node, each a set of
/// address prefixes, with a longest-prefix-match lookup from addresses to PIDs.
///
/// **Prefixes.** A JSON topology may give each node its `prefixes`. If it gives none at
/// all, the documented default plan applies: node *i* (in file order, *i* < 65,536) gets
/// `10.⌊i/256⌋.(i mod 256).0/24` and `fd00:0:0:i::/64` (*i* in hex). Either way the map
/// is made complete (RFC 7285 §11.2.2: every address of each type in the map belongs to
/// some PID): for each address family whose prefixes do not already cover everything,
/// the *default node* (the first node unless configured) also gets `0.0.0.0/0` or `::/0`,
/// so addresses outside every node's prefixes map to it.
///
/// **Checks.** Every prefix must parse with no host bits set; no prefix may appear in two
/// PIDs (§11.2.2: "MUST NOT define two or more PIDs that contain an identical IP
/// prefix"); if prefixes are given, every node must have at least one. Nested prefixes in
/// different PIDs are allowed and resolved by longest match, as the RFC requires.
public struct NetworkMap: Sendable {
    /// The PID names, in topology node order (see ``PIDNaming``).
    public let pids: [String]
    /// The prefixes of each PID, in the order given, duplicates removed.
    public let prefixes: [[IPPrefix]]
    /// The index of each PID by name.
    public let index: [String: Int]
    /// For each family, for each prefix length present (longest first), the PID of each prefix.
    private let tables: [AddressFamily: [(length: Int, pids: [UInt128: Int])]]

    /// The map of a topology, with prefixes as described above.
    ///
    /// - Parameter defaultNode: the node id whose PID takes the uncovered rest of the
    ///   address space; the first node when `nil`.
    /// - Throws: ``NetworkMapError`` listing every problem found.
    /// - Complexity: O(nodes + prefixes · log prefixes).
    public init(topology: Topology, defaultNode: String? = nil) throws(NetworkMapError) {
        var problems: [String] = []
        let ids = topology.nodes.map(\.id)
        guard !ids.isEmpty else { throw NetworkMapError(problems: ["the topology has no nodes"]) }
        var defaultIndex = 0
        if let defaultNode {
            if let found = ids.firstIndex(of: defaultNode) {
                defaultIndex = found
            } else {
                problems.append("default node \"\(defaultNode)\" is not a node of the topology")
            }
        }
        var lists: [[IPPrefix]] = Array(repeating: [], count: ids.count)
        let explicit = topology.nodes.contains { !$0.prefixes.isEmpty }
        if explicit {
            for (i, node) in topology.nodes.enumerated() {
                if node.prefixes.isEmpty { problems.append("node \"\(node.id)\" has no prefixes") }
                for text in node.prefixes {
                    switch IPPrefix.parse(text) {
                    case .success(let prefix): if !lists[i].contains(prefix) { lists[i].append(prefix) }
                    case .failure(let problem): problems.append("node \"\(node.id)\": prefix \(problem)")
                    }
                }
            }
        } else {
            guard ids.count <= 65_536 else {
                throw NetworkMapError(problems: [
                    "the default prefix plan covers 65,536 nodes; this topology has \(ids.count): give prefixes"
                ])
            }
            for i in ids.indices { lists[i] = Self.defaultPrefixes(node: i) }
        }
        var owner: [IPPrefix: Int] = [:]
        for (i, list) in lists.enumerated() {
            for prefix in list {
                if let other = owner[prefix], other != i {
                    problems.append("prefix \(prefix) is in both \"\(ids[other])\" and \"\(ids[i])\"")
                } else {
                    owner[prefix] = i
                }
            }
        }
        guard problems.isEmpty else { throw NetworkMapError(problems: problems) }
        for family in AddressFamily.allCases {
            let all = lists.flatMap { $0.filter { $0.family == family } }
            if !all.isEmpty, !Self.covers(all, family: family) {
                let whole = IPPrefix(address: IPAddress(family: family, value: 0), length: 0)!
                lists[defaultIndex].append(whole)
            }
        }
        self.init(pids: PIDNaming.names(for: ids), prefixes: lists)
    }

    /// A map from explicit PIDs and prefixes (already checked: no prefix in two PIDs).
    public init(pids: [String], prefixes: [[IPPrefix]]) {
        precondition(pids.count == prefixes.count)
        self.pids = pids
        self.prefixes = prefixes
        var index: [String: Int] = [:]
        for (i, pid) in pids.enumerated() { index[pid] = i }
        self.index = index
        var tables: [AddressFamily: [Int: [UInt128: Int]]] = [:]
        for (i, list) in prefixes.enumerated() {
            for prefix in list {
                tables[prefix.family, default: [:]][prefix.length, default: [:]][prefix.address.value] = i
            }
        }
        self.tables = tables.mapValues { byLength in
            byLength.sorted { $0.key > $1.key }.map { (length: $0.key, pids: $0.value) }
        }
    }

    /// The node-`i` prefixes of the default plan.
    static func defaultPrefixes(node i: Int) -> [IPPrefix] {
        let v4 = IPAddress(family: .ipv4, value: UInt128(10 << 24 | (i >> 8) << 16 | (i & 255) << 8))
        let v6 = IPAddress(family: .ipv6, value: UInt128(0xfd00) << 112 | UInt128(i) << 64)
        return [IPPrefix(address: v4, length: 24)!, IPPrefix(address: v6, length: 64)!]
    }

    /// Whether the union of `prefixes` is the whole address space of `family`.
    /// - Complexity: O(p log p).
    static func covers(_ prefixes: [IPPrefix], family: AddressFamily) -> Bool {
        let sorted = prefixes.sorted { $0.address.value < $1.address.value }
        let top = IPPrefix(address: IPAddress(family: family, value: 0), length: 0)!.lastValue
        var next: UInt128 = 0  // first address not yet covered
        for prefix in sorted {
            if prefix.address.value > next { return false }
            if prefix.lastValue >= next {
                if prefix.lastValue == top { return true }
                next = prefix.lastValue + 1
            }
        }
        return false
    }

    /// Whether every address of every family in the map belongs to some PID, and no
    /// prefix appears twice: the RFC 7285 §11.2.2 rules, checked afresh.
    public var isComplete: Bool {
        let all = prefixes.flatMap { $0 }
        guard Set(all).count == all.count else { return false }
        return AddressFamily.allCases.allSatisfy { family in
            let list = all.filter { $0.family == family }
            return list.isEmpty || Self.covers(list, family: family)
        }
    }

    /// The PID index of an address by longest-prefix match, or `nil` if no prefix holds it.
    /// - Complexity: O(distinct prefix lengths) hash lookups.
    public func pidIndex(of address: IPAddress) -> Int? {
        guard let table = tables[address.family] else { return nil }
        for (length, pids) in table {
            if let pid = pids[address.value & IPPrefix.mask(length, address.family)] { return pid }
        }
        return nil
    }

    /// A content hash of the PIDs and their prefixes, for the vtag.
    public var contentHash: ContentHash {
        var hash = ContentHash()
        for (pid, list) in zip(pids, prefixes) {
            hash.update(pid)
            for prefix in list { hash.update(prefix.description) }
        }
        return hash
    }

    /// The network map's vtag over `resolved`, the topology it was built from: a hash
    /// of the PIDs, their prefixes and every resolved arc (ends, delay, bandwidth), so
    /// any change to the map or to the costs that depend on it gives a new tag. The
    /// server and `altoplace costmap` both take their tag from here, so one topology
    /// has one vtag.
    public func versionTag(over resolved: ResolvedTopology) -> String {
        var hash = contentHash
        for arc in resolved.arcs {
            hash.update(Float(arc.source))
            hash.update(Float(arc.target))
            hash.update(arc.delay)
            hash.update(arc.bandwidth ?? -1)
        }
        return hash.hex
    }

    /// The `network-map` member: `{"PID": {"ipv4": [...], "ipv6": [...]}, ...}` for the PIDs
    /// in `selection` (all when `nil`) and the families in `families`, PIDs in map order.
    public func json(selection: [Int]? = nil, families: Set<AddressFamily> = Set(AddressFamily.allCases)) -> String {
        var out = "{"
        var first = true
        for i in selection ?? Array(pids.indices) {
            if !first { out += "," }
            first = false
            out += "\"\(pids[i])\":{"
            var firstFamily = true
            for family in AddressFamily.allCases where families.contains(family) {
                let list = prefixes[i].filter { $0.family == family }
                guard !list.isEmpty else { continue }
                if !firstFamily { out += "," }
                firstFamily = false
                out += "\"\(family.rawValue)\":[" + list.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            }
            out += "}"
        }
        return out + "}"
    }
}
