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

/// What a hostile or careless client must not be able to do: exhaust memory with a
/// topology or an endpoint-cost request, hold connections or concurrency slots, or make
/// the server answer a bare 500. Inputs are bounded (limits are set low), so a regression
/// fails the test without hurting the machine.
@Suite("Hardening: limits, timeouts and honest errors")
struct HardeningTests {
    /// A ring of `n` nodes (or `n` unlinked nodes), as topology JSON.
    static func ring(_ n: Int, linked: Bool = true) -> String {
        let nodes = (0..<n).map { #"{"id": "n\#($0)"}"# }.joined(separator: ",")
        let links =
            linked ? (0..<n).map { #"{"source": "n\#($0)", "target": "n\#(($0 + 1) % n)", "delay": 1}"# } : []
        return #"{"nodes": [\#(nodes)], "links": [\#(links.joined(separator: ","))]}"#
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    @Test(
        "a topology over the node limit or the memory budget is refused with 413 naming the limit, and nothing changes")
    func topologyLimits() async throws {
        let server = try await TestServer.make {
            $0.maxTopologyNodes = 200
        }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let before = server.network.version
            let unlinked = try await client.execute(
                uri: "/topology", method: .put, headers: Self.json, body: TestServer.body(Self.ring(300, linked: false))
            )
            let problem = try TestServer.problem(unlinked, status: .contentTooLarge)
            #expect(problem.detail.contains("300 nodes") && problem.detail.contains("limit is 200"))
            #expect(server.network.version == before)
            let fits = try await client.execute(
                uri: "/topology", method: .put, headers: Self.json, body: TestServer.body(Self.ring(150)))
            #expect(fits.status == .ok)
        }
        let tight = try await TestServer.make {
            $0.memoryBudget = 1 << 20
        }
        defer { TestServer.stop(tight) }
        try await tight.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/topology", method: .put, headers: Self.json, body: TestServer.body(Self.ring(150)))
            let problem = try TestServer.problem(response, status: .contentTooLarge)
            #expect(problem.detail.contains("memory budget is 1 MiB"))
        }
    }

    @Test("the default limits refuse a 20,000-node topology before any matrix is allocated")
    func defaultLimits() throws {
        let limits = ServiceLimits()
        #expect(throws: ServiceError.self) { try limits.check(nodes: 20_000, meanNameBytes: 6) }
        #expect(throws: ServiceError.self) { try limits.check(nodes: limits.maxTopologyNodes + 1, meanNameBytes: 6) }
        // The estimate grows with the square of the nodes: 16 bytes a pair per version at least.
        #expect(ServiceLimits.estimatedBytes(nodes: 10_000, meanNameBytes: 6) > 2 * 16 * 1e8)
    }

    @Test("a stored topology the current limits refuse is skipped at start-up, never loaded")
    func storedTopologyOverLimit() async throws {
        let directory = TestServer.temporaryDirectory()
        let first = try await TestServer.make(directory: directory)
        try await first.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/topology", method: .put, headers: Self.json, body: TestServer.body(Self.ring(300)))
            #expect(response.status == .ok)
        }
        #expect(first.network.topology.nodes.count == 300)
        await first.shutdown()
        // The limit was lowered since: the 300-node version must not be loaded.
        let second = try await TestServer.make(directory: directory, topology: nil) { $0.maxTopologyNodes = 200 }
        defer { TestServer.stop(second) }
        #expect(second.network.topology.nodes.count == 4)
        #expect(second.network.version == 1)
    }

    @Test("endpoint-cost and filtered cost-map requests past the pair cap are refused with 413")
    func pairCaps() async throws {
        let server = try await TestServer.make { $0.maxEndpointPairs = 100 }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            func lookup(_ sources: Int, _ destinations: Int) async throws -> TestResponse {
                let srcs = (0..<sources).map { "\"ipv4:192.0.2.\($0 % 250)\"" }.joined(separator: ",")
                let dsts = (0..<destinations).map { "\"ipv4:198.51.100.\($0 % 250)\"" }.joined(separator: ",")
                return try await client.execute(
                    uri: "/endpointcost/lookup", method: .post,
                    headers: [.contentType: ALTOMediaType.endpointCostParams],
                    body: TestServer.body(
                        #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "endpoints": {"srcs": [\#(srcs)], "dsts": [\#(dsts)]}}"#
                    ))
            }
            #expect(try await lookup(10, 10).status == .ok)
            let over = try TestServer.problem(try await lookup(11, 10), status: .contentTooLarge)
            #expect(over.detail.contains("11 × 10 = 110 pairs") && over.detail.contains("limit is 100"))
        }
        let small = try await TestServer.make { $0.maxEndpointPairs = 10 }
        defer { TestServer.stop(small) }
        try await small.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: [.contentType: ALTOMediaType.costMapFilter],
                body: TestServer.body(#"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}}"#))
            #expect(try TestServer.problem(response, status: .contentTooLarge).detail.contains("4 × 4 = 16 pairs"))
        }
    }

    @Test("rendering a cost map stops when its task is cancelled")
    func renderingIsCancellable() async throws {
        let n = 600
        let matrix = CostMatrix(count: n, algebra: .shortest)
        let renderer = CostMapRenderer(matrix: matrix, pids: (0..<n).map { "p\($0)" })
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var out = ByteBuffer()
            try renderer.write(into: &out, sources: Array(0..<n), destinations: Array(0..<n), mode: .numerical)
            return out.readableBytes
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("connections past the per-client or the server limit are answered 503 and closed; freed slots serve again")
    func connectionLimits() async throws {
        let server = try await TestServer.make { $0.maxConnectionsPerClient = 3 }
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            // One connection past the limit (the test client may hold one of its own).
            let connections = try (0..<4).map { _ in try RawHTTPConnection(port: port, request: "") }
            #expect(try await HardeningTests.eventually { connections.contains { $0.text.contains("503") } })
            let refused = try #require(connections.first { $0.text.contains("503") })
            #expect(refused.text.hasPrefix("HTTP/1.1 503 Service Unavailable"))
            #expect(refused.text.contains("Retry-After: 5"))
            #expect(refused.text.contains("your address has 3 connections open"))
            #expect(try await HardeningTests.eventually { refused.isClosed })
            #expect(server.health.connections == 3)
            for connection in connections where connection !== refused { connection.shutdown() }
            // Slots come back as connections close (the test client may still hold one).
            #expect(try await HardeningTests.eventually { server.health.connections <= 1 })
            let served = try RawHTTPConnection(port: port, request: "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await served.wait { $0.contains("200 OK") })
        }
        let small = try await TestServer.make { $0.maxConnections = 2 }
        defer { TestServer.stop(small) }
        try await small.application().test(.live) { client in
            let port = try #require(client.port)
            let connections = try (0..<3).map { _ in try RawHTTPConnection(port: port, request: "") }
            #expect(
                try await HardeningTests.eventually {
                    connections.contains { $0.text.contains("the server has 2 connections open") }
                })
            for connection in connections { connection.shutdown() }
        }
    }

    @Test("a connection that does not finish its head, or its body, in time is closed")
    func readTimeouts() async throws {
        let server = try await TestServer.make {
            $0.headerTimeout = .milliseconds(300)
            $0.bodyTimeout = .milliseconds(300)
        }
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let slowHead = try RawHTTPConnection(port: port, request: "GET /healthz HTTP/1.1\r\nHost:")
            let slowBody = try RawHTTPConnection(
                port: port,
                request:
                    "POST /dcinfo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"dc"
            )
            let silent = try RawHTTPConnection(port: port, request: "")
            #expect(try await HardeningTests.eventually { slowHead.isClosed && slowBody.isClosed && silent.isClosed })
            #expect(!slowBody.text.contains("200"))
            // A prompt client is served as before.
            let prompt = try RawHTTPConnection(port: port, request: "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await prompt.wait { $0.contains("200 OK") })
        }
    }

    @Test("clients stalled mid-body hold no concurrency slot")
    func stalledBodiesHoldNoSlot() async throws {
        let server = try await TestServer.make { $0.maxConcurrent = 2 }
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let stalled = try (0..<4).map { _ in
                try RawHTTPConnection(
                    port: port,
                    request:
                        "POST /dcinfo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                )
            }
            try await Task.sleep(for: .milliseconds(200))
            let response = try await client.execute(uri: "/networkmap", method: .get)
            #expect(response.status == .ok)
            for connection in stalled { connection.shutdown() }
        }
    }

    @Test("a chunked body over the size limit is answered 413, not 500")
    func chunkedTooLarge() async throws {
        let server = try await TestServer.make { $0.maxBodyBytes = 1024 }
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let chunk = String(repeating: "x", count: 512)
            let chunks = String(repeating: "200\r\n\(chunk)\r\n", count: 4)
            let connection = try RawHTTPConnection(
                port: port,
                request:
                    "POST /placements HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\(chunks)0\r\n\r\n"
            )
            #expect(try await connection.wait { $0.contains("\r\n\r\n") })
            #expect(connection.text.hasPrefix("HTTP/1.1 413"))
        }
    }

    @Test(
        "a full store answers 507 with Retry-After; reads go on; writes resume when space returns; the store is sound")
    func storeFull() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let dc: HTTPFields = [.contentType: ALTOMediaType.dcInfo]
            #expect(
                try await client.execute(
                    uri: "/dcinfo", method: .post, headers: dc, body: LiveServerTests.report("dc-a", load: 1)
                ).status == .ok)
            try await server.service.store.limitPages(1)
            var full: TestResponse? = nil
            for k in 0..<2_000 {
                let response = try await client.execute(
                    uri: "/dcinfo", method: .post, headers: dc, body: LiveServerTests.report("dc-\(k)", load: 2))
                if response.status != .ok {
                    full = response
                    break
                }
            }
            let response = try #require(full)
            #expect(response.status.code == 507)
            #expect(response.headers[.retryAfter] == "30")
            let problem = try JSONDecoder().decode(ProblemDocument.self, from: Data(response.body.readableBytesView))
            #expect(problem.detail.contains("disk is full"))
            #expect(try await client.execute(uri: "/getdcinfo", method: .get).status == .ok)
            try await server.service.store.limitPages(nil)
            #expect(
                try await client.execute(
                    uri: "/dcinfo", method: .post, headers: dc, body: LiveServerTests.report("dc-z", load: 3)
                ).status == .ok)
            #expect(try await server.service.store.integrityCheck() == "ok")
        }
    }

    @Test(
        "invalid UTF-8 and numbers too large or too small for a double are refused alike on ALTO and JSON routes; -0 is no amount"
    )
    func numbersAndText() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let dc: HTTPFields = [.contentType: ALTOMediaType.dcInfo]
            var bytes = ByteBuffer(string: #"{"dcid": "dc-"#)
            bytes.writeBytes([0xFF, 0xFE])
            bytes.writeString(#"", "addr": "10.0.0.1", "ramusage": 1, "srvload": 1, "powerusage": 1, "cost": 1}"#)
            let utf8 = try await client.execute(uri: "/dcinfo", method: .post, headers: dc, body: bytes)
            #expect(try TestServer.errorMeta(utf8)["syntax-error"]?.contains("not valid UTF-8") == true)
            #expect(server.service.dataCenters.isEmpty)
            var placement = ByteBuffer(string: #"{"functions": [{"id": "f"#)
            placement.writeBytes([0xC3])
            placement.writeString(#"", "demand": {"cpu": 1}}], "clusters": [{"id": "c", "capacity": {"cpu": 4}}]}"#)
            let utf8Placement = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json, body: placement)
            #expect(try TestServer.problem(utf8Placement).problems.first?.message.contains("not valid UTF-8") == true)

            for literal in ["1e-400", "1e309"] {
                let alto = try await client.execute(
                    uri: "/dcinfo", method: .post, headers: dc,
                    body: TestServer.body(
                        #"{"dcid": "dc-a", "addr": "10.0.0.1", "ramusage": \#(literal), "srvload": 1, "powerusage": 1, "cost": 1}"#
                    ))
                #expect(try TestServer.errorMeta(alto)["syntax-error"]?.contains("out of range") == true)
                let json = try await client.execute(
                    uri: "/placements", method: .post, headers: Self.json,
                    body: TestServer.body(
                        #"{"functions": [{"id": "f", "demand": {"cpu": \#(literal)}}], "clusters": [{"id": "c", "capacity": {"cpu": 4}}]}"#
                    ))
                #expect(try TestServer.problem(json).problems.first?.message.contains("out of range") == true)
            }
            // Subnormal numbers are numbers.
            let tiny = try await client.execute(
                uri: "/dcinfo", method: .post, headers: dc,
                body: TestServer.body(
                    #"{"dcid": "dc-t", "addr": "10.0.0.1", "ramusage": 4e-320, "srvload": 1, "powerusage": 1, "cost": 1}"#
                ))
            #expect(tiny.status == .ok)

            let negativeZero = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"functions": [{"id": "f", "demand": {"cpu": 1}}], "clusters": [{"id": "c", "capacity": {"cpu": -0}}]}"#
                ))
            #expect(negativeZero.status == .badRequest)
            let cluster = try await client.execute(
                uri: "/clusters/c1", method: .put, headers: Self.json,
                body: TestServer.body(#"{"pid": "a", "capacity": {"cpu": -0}}"#))
            #expect(try TestServer.problem(cluster).problems.map(\.path) == [".capacity.cpu"])
            let report = try await client.execute(
                uri: "/dcinfo", method: .post, headers: dc,
                body: TestServer.body(
                    #"{"dcid": "dc-z", "addr": "10.0.0.1", "ramusage": -0, "srvload": 1, "powerusage": 1, "cost": 1}"#))
            #expect(try TestServer.errorMeta(report)["field"] == "ramusage")
        }
    }

    @Test(
        "with a read token, data-center reads and expensive reads need it (or the write token); cheap reads stay open")
    func readToken() async throws {
        let server = try await TestServer.make {
            $0.token = "write-secret"
            $0.readToken = "read-secret"
        }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            for uri in ["/getdcinfo", "/costmap/routingcost/numerical", "/clusters", "/placements"] {
                let anonymous = try await client.execute(uri: uri, method: .get)
                #expect(anonymous.status == .unauthorized, "\(uri)")
                #expect(anonymous.headers[.wwwAuthenticate] == "Bearer realm=\"altoplace\"")
                for token in ["read-secret", "write-secret"] {
                    let response = try await client.execute(
                        uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"])
                    #expect(response.status == .ok, "\(uri) with \(token)")
                }
                let wrong = try await client.execute(
                    uri: uri, method: .get, headers: [.authorization: "Bearer read-secreT"])
                #expect(wrong.status == .unauthorized)
            }
            for uri in ["/directory", "/networkmap", "/healthz", "/topology"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .ok, "\(uri)")
            }
            // The read token does not open writes.
            let write = try await client.execute(
                uri: "/dcinfo", method: .post,
                headers: [.contentType: ALTOMediaType.dcInfo, .authorization: "Bearer read-secret"],
                body: LiveServerTests.report("dc-a", load: 1))
            #expect(write.status == .unauthorized)
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            let paths = try #require(try TestServer.object(document.body)["paths"] as? [String: [String: Any]])
            let getDCInfo = try #require(paths["/getdcinfo"]?["get"] as? [String: Any])
            #expect(getDCInfo["security"] != nil)
            let networkMap = try #require(paths["/networkmap"]?["get"] as? [String: Any])
            #expect(networkMap["security"] == nil)
        }
        let open = try await TestServer.make()
        defer { TestServer.stop(open) }
        try await open.application().test(.router) { client in
            let response = try await client.execute(uri: "/getdcinfo", method: .get)
            #expect(response.status == .ok)
        }
    }

    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<250 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

@Suite("Retention: bounded history that still serves resuming push clients")
struct RetentionTests {
    @Test(
        "old reports and topology versions are deleted, each data center's newest report is kept, and a client resuming from before the history gets the state"
    )
    func retention() async throws {
        let directory = TestServer.temporaryDirectory()
        let server = try await TestServer.make(directory: directory) {
            $0.reportHistory = 20
            $0.topologyHistory = 2
        }
        defer { TestServer.stop(server) }
        var last: Int64 = 0
        for k in 0..<100 {
            let info = try DCInfo(
                json: JSONValue.parse(
                    Array(
                        #"{"dcid": "dc-\#(k % 3)", "addr": "10.0.0.1", "ramusage": 1, "srvload": \#(k % 100), "powerusage": 1, "cost": 1}"#
                            .utf8)))
            last = try await server.service.report(info).sequence
        }
        let store = server.service.store
        // 20 kept, up to one pruning step (2) more, and the newest of each data center.
        #expect(try await store.reportCount() <= 20 + 2 + 3)
        #expect(store.prunedReportsThrough >= 100 - 20 - 2)
        #expect(!server.service.canReplay(after: 1))
        #expect(server.service.canReplay(after: last - 5))
        #expect(server.service.dataCenters.map(\.info.dcid.text) == ["dc-0", "dc-1", "dc-2"])

        let newest = last
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let resumed = try RawHTTPConnection(
                port: port,
                request: "GET /getdcinfo HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\nLast-Event-ID: 1\r\n\r\n")
            #expect(try await resumed.wait { $0.contains("id: \(newest)\n") })
            // The current state of every data center in one event, not a replay with a gap.
            #expect(!resumed.text.contains("id: 2\n"))
            #expect(resumed.text.contains("\"dcid\":\"dc-0\"") && resumed.text.contains("\"dcid\":\"dc-2\""))
            resumed.shutdown()
            for n in 3...6 {
                let response = try await client.execute(
                    uri: "/topology", method: .put, headers: HardeningTests.json,
                    body: TestServer.body(HardeningTests.ring(n)))
                #expect(response.status == .ok)
            }
        }
        #expect(try await store.topologyVersions().count == 2)
        await server.shutdown()
        // A restart keeps the watermark and the newest reports.
        let restarted = try await TestServer.make(directory: directory, topology: nil) { $0.reportHistory = 20 }
        defer { TestServer.stop(restarted) }
        #expect(!restarted.service.canReplay(after: 1))
        #expect(restarted.service.dataCenters.count == 3)
        #expect(restarted.network.topology.nodes.count == 6)
    }
}
