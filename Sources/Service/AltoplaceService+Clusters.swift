import ALTO
import CoreMetrics
import Foundation
import Logging
import Matrix
import Solver
import Store

/// Registered clusters: `GET/PUT/DELETE /clusters[/{id}]`.
extension AltoplaceService {
    /// Every registered cluster, located on the current network map.
    public func clusters() async throws -> ClusterList {
        let map = network.networkMap
        return ClusterList(clusters: try await store.clusters().map { Self.document($0, in: map) })
    }

    /// One registered cluster.
    /// - Throws: ``ServiceError`` `.notFound`.
    public func cluster(id: String) async throws -> ClusterDocument {
        guard let record = try await store.clusters().first(where: { $0.cluster.id == id }) else {
            throw ServiceError(.notFound, "no cluster \"\(id)\" is registered")
        }
        return Self.document(record, in: network.networkMap)
    }

    /// Registers or replaces cluster `id`.
    /// - Returns: the cluster as stored, and whether it is new.
    /// - Throws: ``ServiceError`` `.invalid` with every problem of the registration.
    public func registerCluster(id: String, _ registration: ClusterRegistration) async throws -> (
        cluster: ClusterDocument, created: Bool
    ) {
        let record = try validatedRecord(id: id, registration)
        let document = Self.document(record, in: network.networkMap)
        let created = try await store.saveCluster(id: id, document: DocumentEncoding.text(document))
        logger.info("cluster saved", metadata: ["cluster": "\(id)", "created": "\(created)"])
        try await syncFollowing()
        return (document, created)
    }

    /// The record a registration makes, located on the current network map.
    /// - Throws: ``ServiceError`` `.invalid` with every problem of the registration.
    func validatedRecord(id: String, _ registration: ClusterRegistration) throws(ServiceError) -> ClusterRecord {
        let map = network.networkMap
        var problems: [Problem] = []
        if !PIDNaming.isValid(id) {
            problems.append(Problem(path: "id", "a cluster id is 1-64 characters of [A-Za-z0-9-:@_]"))
        }
        if let bodyID = registration.id, bodyID != id {
            problems.append(Problem(path: ".id", "the body's id \"\(bodyID)\" differs from the path's \"\(id)\""))
        }
        func check(_ resources: Resources?, _ path: String) {
            guard let resources else { return }
            for (key, value) in [("cpu", resources.cpu), ("ram", resources.ram), ("power", resources.power)] {
                if let value, !value.isNonNegativeAmount {
                    problems.append(Problem(path: "\(path).\(key)", "must be ≥ 0"))
                }
            }
        }
        check(registration.capacity, ".capacity")
        var source: String? = nil
        if let given = registration.dcinfoSource {
            if let url = DCInfoFollower.sourceURL(given) {
                source = url
            } else {
                problems.append(
                    Problem(
                        path: ".dcinfoSource",
                        "\"\(given)\" is not an http(s) URL of an agent (http://host:port, no query or fragment)"))
            }
        } else if registration.capacity == nil {
            problems.append(Problem(path: ".capacity", "capacity is required unless a dcinfoSource reports it"))
        }
        check(registration.usage, ".usage")
        for (key, value) in [("wattsPerCpu", registration.wattsPerCpu), ("pricePerCpu", registration.pricePerCpu)] {
            if let value, !value.isNonNegativeAmount { problems.append(Problem(path: ".\(key)", "must be ≥ 0")) }
        }
        var pid = registration.pid
        var addr: IPAddress? = nil
        if let text = registration.addr {
            if registration.pid != nil {
                problems.append(Problem(path: ".pid", "give addr or pid, not both"))
            } else if let parsed = IPAddress(typed: text) ?? IPAddress(plain: text) {
                if let index = map.pidIndex(of: parsed) {
                    addr = parsed
                    pid = map.pids[index]
                } else {
                    problems.append(Problem(path: ".addr", "no PID of the network map holds \(text)"))
                }
            } else {
                problems.append(Problem(path: ".addr", "\"\(text)\" is not an IPv4 or IPv6 address"))
            }
        } else if let given = pid, map.index[given] == nil {
            problems.append(Problem(path: ".pid", "\"\(given)\" is not a PID of the network map"))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(problems) }
        return ClusterRecord(
            cluster: Cluster(
                id: id, capacity: registration.capacity ?? Resources(), usage: registration.usage,
                wattsPerCpu: registration.wattsPerCpu, pricePerCpu: registration.pricePerCpu,
                labels: registration.labels, pid: pid),
            addr: addr, dcinfoSource: source)
    }

    /// Removes cluster `id`.
    /// - Throws: ``ServiceError`` `.notFound`.
    public func deleteCluster(id: String) async throws {
        guard try await store.deleteCluster(id: id) else {
            throw ServiceError(.notFound, "no cluster \"\(id)\" is registered")
        }
        logger.info("cluster deleted", metadata: ["cluster": "\(id)"])
        try await syncFollowing()
    }

    static func document(_ record: ClusterRecord, in map: NetworkMap) -> ClusterDocument {
        ClusterDocument(
            cluster: record.located(in: map), addr: record.addr.map { "\($0)" }, dcinfoSource: record.dcinfoSource)
    }
}
