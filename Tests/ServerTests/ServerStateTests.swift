import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Matrix
import Server
import Service
import Solver
import Store
import Testing
import Topology

@Suite("Data-center info, clusters, topology updates, operations")
struct ServerStateTests {
    static let dcType: HTTPFields = [.contentType: ALTOMediaType.dcInfo]

    static func report(_ dcid: String, ram: Double = 40, load: Double = 55) -> ByteBuffer {
        TestServer.body(
            #"{"dcid": "\#(dcid)", "addr": "192.0.2.200", "timestamp": "2026-11-23T10:00:00Z", "ramusage": \#(ram), "srvload": \#(load), "powerusage": 1200, "cost": 0.05}"#
        )
    }

    @Test("reports are validated, stored and served whole or by dcid, each with a vtag")
    func dcInfo() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let posted = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-1"))
            #expect(posted.status == .ok)
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-2", ram: 10))
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-1", ram: 70))
            let all = try await client.execute(uri: "/getdcinfo", method: .get)
            #expect(all.status == .ok)
            #expect(all.headers[.contentType] == ALTOMediaType.dcInfo)
            let json = try TestServer.object(all.body)
            let entries = try #require(json["dc-info"] as? [[String: Any]])
            #expect(entries.map { $0["dcid"] as? String } == ["dc-1", "dc-2"])
            #expect(entries[0]["ramusage"] as? Double == 70)  // the newest report
            #expect(entries[0]["addr"] as? String == "192.0.2.200")
            #expect((entries[0]["vtag"] as? String)?.count == 32)
            #expect(((json["meta"] as? [String: Any])?["vtag"] as? [String: String])?["resource-id"] == "dc-info")
            let one = try await client.execute(uri: "/getdcinfo?dcid=dc-2", method: .get)
            // One data center: the draft's InfoDCResource, dc-info one object.
            #expect((try TestServer.object(one.body)["dc-info"] as? [String: Any])?["dcid"] as? String == "dc-2")
            #expect(try await client.execute(uri: "/getdcinfo?dcid=dc-9", method: .get).status == .notFound)
            let etag = try #require(all.headers[.eTag])
            #expect(
                try await client.execute(uri: "/getdcinfo", method: .get, headers: [.ifNoneMatch: etag]).status
                    == .notModified)

            let bad = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-1", ram: 150))
            let meta = try TestServer.errorMeta(bad)
            #expect(meta["code"] == "E_INVALID_FIELD_VALUE")
            #expect(meta["field"] == "ramusage")
            let missing = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: TestServer.body(#"{"addr": "192.0.2.1"}"#))
            #expect(try TestServer.errorMeta(missing)["field"] == "dcid")
            let stamp = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType,
                body: TestServer.body(
                    #"{"dcid": "x", "addr": "10.0.0.1", "timestamp": "yesterday", "ramusage": 1, "srvload": 1, "powerusage": 1, "cost": 1}"#
                ))
            #expect(try TestServer.errorMeta(stamp)["field"] == "timestamp")
        }
    }

    @Test("with a token configured, writes need Authorization: Bearer and reads do not")
    func token() async throws {
        let server = try await TestServer.make { $0.token = "s3cret" }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let denied = try await client.execute(
                uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-1"))
            #expect(denied.status == .unauthorized)
            #expect(denied.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            var headers = Self.dcType
            headers[.authorization] = "Bearer wrong"
            #expect(
                try await client.execute(uri: "/dcinfo", method: .post, headers: headers, body: Self.report("dc-1"))
                    .status == .unauthorized)
            headers[.authorization] = "Bearer s3cret"
            #expect(
                try await client.execute(uri: "/dcinfo", method: .post, headers: headers, body: Self.report("dc-1"))
                    .status == .ok)
            #expect(try await client.execute(uri: "/getdcinfo", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/clusters/x", method: .delete).status == .unauthorized)
        }
    }

    @Test("clusters register by addr (resolved to a PID) or pid, list, replace and delete")
    func clusters() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            let created = try await client.execute(
                uri: "/clusters/edge-1", method: .put, headers: json,
                body: TestServer.body(
                    #"{"capacity": {"cpu": 64, "ram": 256, "power": 5000}, "wattsPerCpu": 12, "pricePerCpu": 0.03, "labels": {"zone": "north"}, "addr": "ipv4:192.0.2.130"}"#
                ))
            #expect(created.status == .created)
            let body = try TestServer.decode(ClusterDocument.self, created)
            #expect(body.cluster.pid == "c")
            #expect(body.addr == "192.0.2.130")
            #expect(body.cluster.labels == ["zone": "north"])
            let replaced = try await client.execute(
                uri: "/clusters/edge-1", method: .put, headers: json,
                body: TestServer.body(#"{"capacity": {"cpu": 32}, "pid": "d"}"#))
            #expect(replaced.status == .ok)
            _ = try await client.execute(
                uri: "/clusters/core", method: .put, headers: json, body: TestServer.body(#"{"capacity": {"cpu": 8}}"#))
            let list = try await client.execute(uri: "/clusters", method: .get)
            let clusters = try TestServer.decode(ClusterList.self, list).clusters
            #expect(clusters.map(\.cluster.id) == ["core", "edge-1"])
            #expect(clusters.last?.cluster.pid == "d")
            let one = try await client.execute(uri: "/clusters/edge-1", method: .get)
            #expect(try TestServer.decode(ClusterDocument.self, one).cluster.capacity == Resources(cpu: 32))
            #expect(try await client.execute(uri: "/clusters/edge-1", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: "/clusters/edge-1", method: .delete).status == .notFound)
            #expect(try await client.execute(uri: "/clusters/edge-1", method: .get).status == .notFound)
            let badPID = try await client.execute(
                uri: "/clusters/x", method: .put, headers: json,
                body: TestServer.body(#"{"capacity": {"cpu": 1}, "pid": "zz"}"#))
            #expect(try TestServer.problem(badPID).problems.map(\.path) == [".pid"])
            let negative = try await client.execute(
                uri: "/clusters/x", method: .put, headers: json, body: TestServer.body(#"{"capacity": {"cpu": -1}}"#))
            #expect(try TestServer.problem(negative).problems.map(\.path) == [".capacity.cpu"])
            let several = try await client.execute(
                uri: "/clusters/x", method: .put, headers: json,
                body: TestServer.body(#"{"capacity": {"cpu": -1, "ram": -2}, "pricePerCpu": -1, "addr": "nowhere"}"#))
            #expect(
                try TestServer.problem(several).problems.map(\.path) == [
                    ".capacity.cpu", ".capacity.ram", ".pricePerCpu", ".addr",
                ])
            let noCapacity = try await client.execute(
                uri: "/clusters/x", method: .put, headers: json, body: TestServer.body(#"{"pid": "a"}"#))
            #expect(
                try TestServer.problem(noCapacity).problems == [
                    Problem(path: ".capacity", "capacity is required unless a dcinfoSource reports it")
                ])
        }
    }

    @Test("PUT /topology replaces maps and vtags atomically; old ETags no longer match; addr clusters follow")
    func topologyUpdate() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await client.execute(
                uri: "/clusters/edge", method: .put, headers: [.contentType: "application/json"],
                body: TestServer.body(#"{"capacity": {"cpu": 4}, "addr": "198.51.100.9"}"#))
            let before = try await client.execute(uri: "/costmap/routingcost/numerical", method: .get)
            let oldTag = try #require(before.headers[.eTag])
            let changed = TestServer.topology.replacingOccurrences(of: #""delay": 10"#, with: #""delay": 5"#)
                .replacingOccurrences(of: "198.51.100.0/24", with: "203.0.113.0/24")
            let put = try await client.execute(
                uri: "/topology", method: .put, headers: [.contentType: "application/json"],
                body: TestServer.body(changed))
            #expect(put.status == .ok)
            let result = try TestServer.decode(TopologyChange.self, put)
            #expect(result.version == 2)
            #expect(result.vtag.resourceID == "default-network-map")
            let after = try await client.execute(
                uri: "/costmap/routingcost/numerical", method: .get, headers: [.ifNoneMatch: oldTag])
            #expect(after.status == .ok)
            let map = try #require(try TestServer.object(after.body)["cost-map"] as? [String: [String: Double]])
            #expect(map["a"]?["d"] == 5)
            let vtags = try #require(
                (try TestServer.object(after.body)["meta"] as? [String: Any])?["dependent-vtags"] as? [[String: String]]
            )
            #expect(vtags.first?["tag"] == result.vtag.tag)
            #expect(vtags.first?["tag"] != oldTag)
            // The cluster registered at 198.51.100.9 was in d; that prefix moved, so it falls to a (the default).
            let cluster = try TestServer.decode(
                ClusterDocument.self, try await client.execute(uri: "/clusters/edge", method: .get))
            #expect(cluster.cluster.pid == "a")
            let topology = try await client.execute(uri: "/topology", method: .get)
            #expect(topology.headers[HTTPField.Name("X-Topology-Version")!] == "2")

            let broken = try await client.execute(
                uri: "/topology", method: .put, headers: [.contentType: "application/json"],
                body: TestServer.body(#"{"nodes": [{"id": "a"}], "links": [{"source": "a", "target": "zz"}]}"#))
            #expect(try TestServer.problem(broken).problems.first?.message.contains("zz") == true)
            #expect(server.network.version == 2)  // unchanged by the rejected update
            let gml = """
                graph [ node [ id 0 label "x" Latitude 45.0 Longitude 5.0 ] node [ id 1 label "y" Latitude 46.0 Longitude 5.0 ]
                  edge [ source 0 target 1 ] ]
                """
            let gmlPut = try await client.execute(
                uri: "/topology", method: .put, headers: [.contentType: "text/plain"], body: TestServer.body(gml))
            #expect(gmlPut.status == .ok, "\(String(buffer: gmlPut.body))")
            #expect(server.network.networkMap.pids.count == 2)
        }
    }

    @Test("healthz, Prometheus metrics, and an OpenAPI document that covers exactly the router's routes")
    func operations() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        let routed = Set(server.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        try await server.application().test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(try TestServer.decode(Health.self, health).status == "ok")
            _ = try await client.execute(uri: "/networkmap", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            let lines = text.split(separator: "\n")
            // Request metrics under Hummingbird's names: a counter and a duration histogram per route.
            #expect(
                lines.contains {
                    $0.hasPrefix("hb_requests{") && $0.contains(#"http_route="/networkmap""#)
                        && $0.contains(#"http_response_status_code="200""#) && $0.hasSuffix(" 1")
                })
            #expect(
                lines.contains {
                    $0.hasPrefix("http_server_request_duration_count{") && $0.contains(#"http_route="/networkmap""#)
                        && $0.hasSuffix(" 1")
                })
            #expect(lines.contains("altoplace_recomputations_total 1"))
            #expect(lines.contains(#"altoplace_http_requests_rejected_total{reason="timeout"} 0"#))
            #expect(metrics.headers[HTTPField.Name("X-Request-ID")!]?.isEmpty == false)
            let openapi = try TestServer.object(try await client.execute(uri: "/openapi.json", method: .get).body)
            #expect(openapi["openapi"] as? String == "3.1.1")
            let paths = try #require(openapi["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == routed)
            #expect(routed.count == server.routes.count)
        }
    }

    @Test("a restart restores topology versions, clusters and data-center reports")
    func restart() async throws {
        let directory = TestServer.temporaryDirectory()
        do {
            let server = try await TestServer.make(directory: directory)
            defer { TestServer.stop(server) }
            try await server.application().test(.router) { client in
                _ = try await client.execute(
                    uri: "/clusters/edge", method: .put, headers: [.contentType: "application/json"],
                    body: TestServer.body(#"{"capacity": {"cpu": 4, "ram": 16}, "addr": "192.0.2.9"}"#))
                _ = try await client.execute(
                    uri: "/dcinfo", method: .post, headers: Self.dcType, body: Self.report("dc-7"))
                let changed = TestServer.topology.replacingOccurrences(of: #""delay": 10"#, with: #""delay": 2"#)
                #expect(
                    try await client.execute(
                        uri: "/topology", method: .put, headers: [.contentType: "application/json"],
                        body: TestServer.body(changed)
                    ).status == .ok)
            }
        }
        let reopened = try await TestServer.make(directory: directory, topology: nil)
        defer { TestServer.stop(reopened) }
        #expect(reopened.network.version == 2)
        #expect(reopened.network.routingcost.value(0, 3) == 2)
        try await reopened.application().test(.router) { client in
            let cluster = try TestServer.object(try await client.execute(uri: "/clusters/edge", method: .get).body)
            #expect(cluster["pid"] as? String == "b")
            #expect(cluster["capacity"] as? [String: Double] == ["cpu": 4, "ram": 16])
            let info = try TestServer.object(try await client.execute(uri: "/getdcinfo", method: .get).body)
            #expect((info["dc-info"] as? [[String: Any]])?.first?["dcid"] as? String == "dc-7")
        }
        // Starting again with the same topology file does not add a version.
        let same = try await TestServer.make(directory: directory, topology: nil)
        defer { TestServer.stop(same) }
        #expect(same.network.version == 2)
    }
}
