public import ALTO
import Foundation
import Matrix
public import Solver
import Topology

/// A cluster registered with `PUT /clusters/{id}`: the solver's ``Cluster`` plus, when
/// it was registered by address, the `addr` whose PID (by longest-prefix match on the
/// current network map) is its network location.
public struct ClusterRecord: Sendable, Hashable {
    public var cluster: Cluster
    public var addr: IPAddress?

    public init(cluster: Cluster, addr: IPAddress? = nil) {
        self.cluster = cluster
        self.addr = addr
    }

    /// Reads a registration body for cluster `id`.
    ///
    /// Fields: `capacity` {`cpu` cores, `ram` GiB, `power` W} (required, each ≥ 0),
    /// `usage` (same keys), `wattsPerCpu`, `pricePerCpu` (≥ 0), `labels` {string: string},
    /// and `addr` (an IP address) or `pid` (a PID of the network map). An `id` in the body,
    /// if any, must equal the path's.
    public init(id: String, json: JSONValue, networkMap: NetworkMap) throws(ALTOError) {
        let reader = try JSONObjectReader(json)
        if let bodyID = try reader.optionalString("id"), bodyID != id {
            throw .invalidFieldValue("id", value: bodyID, reason: "the body's id differs from the path's \"\(id)\"")
        }
        func resources(_ name: String, required: Bool) throws(ALTOError) -> Resources? {
            guard let object = required ? try reader.object(name) : try reader.optionalObject(name) else { return nil }
            func amount(_ key: String) throws(ALTOError) -> Double? {
                guard let value = try object.optionalNumber(key) else { return nil }
                guard value >= 0 else {
                    throw .invalidFieldValue(object.path(key), value: JSONText.number(value), reason: "must be ≥ 0")
                }
                return value
            }
            return Resources(cpu: try amount("cpu"), ram: try amount("ram"), power: try amount("power"))
        }
        func nonNegative(_ name: String) throws(ALTOError) -> Double? {
            guard let value = try reader.optionalNumber(name) else { return nil }
            guard value >= 0 else {
                throw .invalidFieldValue(name, value: JSONText.number(value), reason: "must be ≥ 0")
            }
            return value
        }
        var labels: [String: String]? = nil
        if let object = try reader.optionalObject("labels") {
            var found: [String: String] = [:]
            for key in object.members.keys.sorted() {
                guard case .string(let value) = object.members[key]! else {
                    throw .invalidFieldType(object.path(key), expected: "a string")
                }
                found[key] = value
            }
            labels = found
        }
        var pid = try reader.optionalString("pid")
        var addr: IPAddress? = nil
        if let text = try reader.optionalString("addr") {
            guard let parsed = IPAddress(typed: text) ?? IPAddress(plain: text)
            else { throw .invalidFieldValue("addr", value: text, reason: "addr must be an IPv4 or IPv6 address") }
            guard pid == nil else {
                throw .invalidFieldValue("pid", value: pid!, reason: "give addr or pid, not both")
            }
            guard let index = networkMap.pidIndex(of: parsed) else {
                throw .invalidFieldValue("addr", value: text, reason: "no PID of the network map holds this address")
            }
            addr = parsed
            pid = networkMap.pids[index]
        } else if let given = pid, networkMap.index[given] == nil {
            throw .invalidFieldValue("pid", value: given, reason: "not a PID of the network map")
        }
        let cluster = Cluster(
            id: id, capacity: try resources("capacity", required: true)!,
            usage: try resources("usage", required: false),
            wattsPerCpu: try nonNegative("wattsPerCpu"), pricePerCpu: try nonNegative("pricePerCpu"), labels: labels,
            pid: pid)
        self.init(cluster: cluster, addr: addr)
    }

    /// The cluster with its PID looked up again in `networkMap` when it was registered by
    /// address (the topology may have changed since).
    public func located(in networkMap: NetworkMap) -> Cluster {
        var located = cluster
        if let addr { located.pid = networkMap.pidIndex(of: addr).map { networkMap.pids[$0] } }
        return located
    }

    /// The stored and returned form: the cluster's own JSON plus `addr` when given.
    public func json(in networkMap: NetworkMap) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = String(decoding: try encoder.encode(located(in: networkMap)), as: UTF8.self)
        if let addr {
            text.removeLast()
            text += ",\"addr\":\"\(addr)\"}"
        }
        return text
    }
}

extension ClusterRecord {
    /// A record read back from the store, without checking it against a network map.
    public static func restore(from text: String) throws -> ClusterRecord {
        let data = Data(text.utf8)
        let cluster = try JSONDecoder().decode(Cluster.self, from: data)
        struct Address: Decodable { var addr: String? }
        let addr = try JSONDecoder().decode(Address.self, from: data).addr.flatMap {
            IPAddress(plain: $0)
        }
        return ClusterRecord(cluster: cluster, addr: addr)
    }
}
