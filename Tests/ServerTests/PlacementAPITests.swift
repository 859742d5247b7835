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

@Suite("Placements, ranking and capacity accounting over HTTP")
struct PlacementAPITests {
    static let json: HTTPFields = [.contentType: "application/json"]

    /// Two clusters: near (at PID b, 8 cores) and far (at PID d, 8 cores).
    static func server(directory: String? = nil) async throws -> ALTOServer {
        let server = try await TestServer.make(directory: directory)
        try await server.application().test(.router) { client in
            for (id, addr) in [("near", "192.0.2.10"), ("far", "198.51.100.10")] {
                let r = try await client.execute(
                    uri: "/clusters/\(id)", method: .put, headers: json,
                    body: TestServer.body(#"{"capacity": {"cpu": 8, "ram": 64}, "pricePerCpu": 1, "addr": "\#(addr)"}"#)
                )
                #expect(r.status == .created)
            }
        }
        return server
    }

    /// A batch of `count` functions of `cpu` cores each, traffic from PID b's address.
    static func batch(_ prefix: String, count: Int, cpu: Double, dryRun: Bool = false, partial: Bool = false)
        -> ByteBuffer
    {
        let functions = (0..<count).map {
            #"{"id": "\#(prefix)\#($0)", "demand": {"cpu": \#(cpu), "ram": 1}, "traffic": [{"pid": "ipv4:192.0.2.5", "rate": 10}]}"#
        }
        return TestServer.body(
            #"{"functions": [\#(functions.joined(separator: ","))], "dryRun": \#(dryRun), "options": {"timeLimit": 2, "allowPartial": \#(partial)}}"#
        )
    }

    /// The committed placements, decoded.
    static func placements(_ client: some TestClientProtocol) async throws -> [PlacementSummary] {
        try TestServer.decode(PlacementList.self, try await client.execute(uri: "/placements", method: .get)).placements
    }

    static func assignments(_ response: TestResponse) throws -> [String: String] {
        let outcome = try TestServer.decode(PlacementOutcome.self, response)
        return Dictionary(uniqueKeysWithValues: outcome.result.assignments.map { ($0.function, $0.cluster) })
    }

    @Test("a committed batch consumes capacity for the next; release gives it back; dry runs commit nothing")
    func commitAndRelease() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let first = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json, body: Self.batch("a", count: 2, cpu: 3))
            #expect(first.status == .created)
            let id = try #require(try TestServer.decode(PlacementOutcome.self, first).id)
            #expect(first.headers[.location] == "/placements/\(id)")
            #expect(try Self.assignments(first) == ["a0": "near", "a1": "near"])  // near the traffic
            // 6 of near's 8 cores are committed: the next 3-core functions must go far.
            let dry = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: Self.batch("b", count: 2, cpu: 3, dryRun: true))
            #expect(dry.status == .ok)
            #expect(try TestServer.decode(PlacementOutcome.self, dry).committed == false)
            #expect(try Self.assignments(dry) == ["b0": "far", "b1": "far"])
            #expect(try await Self.placements(client).count == 1)  // the dry run left nothing
            let record = try TestServer.decode(
                PlacementDocument.self, try await client.execute(uri: "/placements/\(id)", method: .get))
            #expect(record.state == "committed")
            #expect(record.consumption["near"]?.cpu == 6)
            #expect(record.result.assignments.count == 2)

            #expect(try await client.execute(uri: "/placements/\(id)", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: "/placements/\(id)", method: .delete).status == .conflict)
            #expect(try await client.execute(uri: "/placements/nope", method: .delete).status == .notFound)
            let again = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: Self.batch("c", count: 2, cpu: 3, dryRun: true))
            #expect(try Self.assignments(again) == ["c0": "near", "c1": "near"])
            let all = try TestServer.decode(
                PlacementList.self, try await client.execute(uri: "/placements?all=true", method: .get))
            #expect(all.placements.first?.state == "released")
            #expect(all.placements.first?.releasedAt != nil)
        }
    }

    @Test("an Idempotency-Key replays the first answer and refuses a different body")
    func idempotency() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            var headers = Self.json
            headers[HTTPField.Name("Idempotency-Key")!] = "order-17"
            let first = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: Self.batch("a", count: 1, cpu: 2))
            #expect(first.status == .created)
            let second = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: Self.batch("a", count: 1, cpu: 2))
            #expect(second.status == .created)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(String(buffer: second.body) == String(buffer: first.body))
            #expect(try await Self.placements(client).count == 1)
            let other = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: Self.batch("z", count: 1, cpu: 2))
            #expect(other.status == .unprocessableContent)
        }
    }

    @Test("parallel retries with one Idempotency-Key commit once")
    func idempotencyRace() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            var headers = Self.json
            headers[HTTPField.Name("Idempotency-Key")!] = "same"
            let keyed = headers
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let r = try await client.execute(
                            uri: "/placements", method: .post, headers: keyed, body: Self.batch("a", count: 1, cpu: 1))
                        return try TestServer.decode(PlacementOutcome.self, r).id
                    }
                }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(ids.count == 1 && ids.first! != nil)
            #expect(try await Self.placements(client).count == 1)
        }
    }

    @Test("a batch too large to compile safely is refused with 413")
    func tooLarge() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let clusters = (0..<2_100).map { #"{"id": "k\#($0)", "capacity": {"cpu": 1}}"# }.joined(separator: ",")
            let functions = (0..<2_000).map { #"{"id": "f\#($0)", "demand": {"cpu": 1}}"# }.joined(separator: ",")
            let response = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(#"{"clusters": [\#(clusters)], "functions": [\#(functions)]}"#))
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test("the pair limit is a setting: a batch over maxPlacementPairs is 413 naming it, one at the limit is placed")
    func pairLimitIsASetting() async throws {
        let server = try await TestServer.make { $0.maxPlacementPairs = 12 }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            func post(functions: Int) async throws -> TestResponse {
                let clusters = (0..<3).map { #"{"id": "k\#($0)", "capacity": {"cpu": 10}}"# }.joined(separator: ",")
                let batch = (0..<functions).map { #"{"id": "f\#($0)", "demand": {"cpu": 1}}"# }.joined(separator: ",")
                return try await client.execute(
                    uri: "/placements", method: .post, headers: Self.json,
                    body: TestServer.body(#"{"clusters": [\#(clusters)], "functions": [\#(batch)], "dryRun": true}"#))
            }
            let over = try await post(functions: 5)
            #expect(over.status == .contentTooLarge)
            #expect(String(buffer: over.body).contains("maxPlacementPairs"))
            let within = try await post(functions: 4)
            #expect(within.status == .ok, "\(String(buffer: within.body))")
        }
    }

    @Test("many parallel commits never exceed a cluster's capacity")
    func parallelCommits() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await client.execute(
                uri: "/clusters/only", method: .put, headers: Self.json,
                body: TestServer.body(#"{"capacity": {"cpu": 8}, "pid": "b"}"#))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for k in 0..<12 {
                    group.addTask {
                        try await client.execute(
                            uri: "/placements", method: .post, headers: Self.json,
                            body: Self.batch("p\(k)-", count: 1, cpu: 3)
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 2)  // 2 x 3 cores fit in 8, a third does not
            #expect(statuses.allSatisfy { [.created, .conflict, .ok].contains($0) })
            let used = try await Self.placements(client).compactMap {
                $0.consumption["only"]?.cpu
            }.reduce(0, +)
            #expect(used <= 8)
            #expect(used == 6)
        }
    }

    @Test(
        "ranking lists clusters cheapest first with latency, breakdown and free resources, and says why others are out")
    func rank() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: [.contentType: ALTOMediaType.dcInfo],
                body: TestServer.body(
                    #"{"dcid": "near", "addr": "192.0.2.10", "ramusage": 25, "srvload": 50, "powerusage": 100, "cost": 1}"#
                ))
            let body = TestServer.body(
                #"{"function": {"id": "cam", "demand": {"cpu": 2}, "traffic": [{"pid": "ipv4:192.0.2.5", "rate": 1}]}}"#
            )
            let response = try await client.execute(
                uri: "/clusters/rank", method: .post, headers: Self.json, body: body)
            #expect(response.status == .ok)
            let ranking = try TestServer.decode(Ranking.self, response).ranking
            try #require(ranking.count == 2)
            #expect(ranking.map(\.cluster) == ["near", "far"])
            #expect(ranking.map(\.rank) == [1, 2])
            #expect(ranking[0].latency == 0)
            #expect(ranking[1].latency == 6)  // b → d
            #expect(ranking[0].free.cpu == 4)  // 50% load of 8 cores
            #expect(ranking[1].breakdown.network == 6)
            let bounded = TestServer.body(
                #"{"function": {"id": "cam", "demand": {"cpu": 2}, "maxLatency": 3, "traffic": [{"pid": "ipv4:192.0.2.5", "rate": 1}]}}"#
            )
            let limited = try TestServer.decode(
                Ranking.self,
                try await client.execute(uri: "/clusters/rank", method: .post, headers: Self.json, body: bounded))
            #expect(limited.excluded.first?.cluster == "far")
            #expect(limited.excluded.first?.reason.contains("maxLatency") == true)
        }
    }

    @Test("bad batches get every problem; unknown endpoints and server-side files are refused")
    func badRequests() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let dup = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"functions": [{"id": "x", "demand": {"cpu": -1}}, {"id": "x", "demand": {}}]}"#))
            #expect(dup.status == .badRequest)
            #expect(try TestServer.problem(dup).problems.count >= 2)
            let shape = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(#"{"functions": [{"id": 3}]}"#))
            #expect(shape.status == .badRequest)
            #expect(try TestServer.problem(shape).problems.first?.path.hasPrefix(".functions[0]") == true)
            let file = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"functions": [{"id": "x", "demand": {}}], "network": {"topologyFile": "/etc/passwd"}}"#))
            #expect(file.status == .badRequest)
            // A cost matrix with fewer rows than pids was read before it was checked, and
            // brought the server down (found by schemathesis).
            let ragged = #""network": {"costMatrix": {"pids": ["a", "b"], "costs": [[0]]}}"#
            for (uri, body) in [
                ("/placements", #"{"functions": [{"id": "x", "demand": {}}], \#(ragged)}"#),
                ("/clusters/rank", #"{"function": {"id": "x", "demand": {}}, \#(ragged)}"#),
            ] {
                let response = try await client.execute(
                    uri: uri, method: .post, headers: Self.json, body: TestServer.body(body))
                #expect(try TestServer.problem(response).problems.first?.message.contains("rows") == true)
            }
        }
    }

    @Test("committed placements survive a restart and still hold their capacity")
    func restart() async throws {
        let directory = TestServer.temporaryDirectory()
        let server = try await Self.server(directory: directory)
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let placed = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json, body: Self.batch("a", count: 2, cpu: 4))
            #expect(placed.status == .created)
        }
        let reopened = try await TestServer.make(directory: directory, topology: nil)
        defer { TestServer.stop(reopened) }
        try await reopened.application().test(.router) { client in
            #expect(try await Self.placements(client).count == 1)
            let next = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: Self.batch("b", count: 1, cpu: 4, dryRun: true))
            #expect(try Self.assignments(next) == ["b0": "far"])  // near is full
        }
    }

    @Test("a gzip body is placed like a plain one; a bomb is 413, bad gzip 400, another coding 415")
    func gzipBodies() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let plain = Array(String(buffer: Self.batch("z", count: 3, cpu: 1, dryRun: true)).utf8)
            var headers = Self.json
            headers[.contentEncoding] = "gzip"
            let placed = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: ByteBuffer(bytes: Gzip.compress(plain)))
            #expect(placed.status == .ok, "\(String(buffer: placed.body))")
            #expect(try Self.assignments(placed).count == 3)
            // 16 MiB of spaces compress to a few KiB but decompress past the 8 MiB limit.
            let bomb = Gzip.compress(Array("{\"functions\": [".utf8) + [UInt8](repeating: 0x20, count: 16 << 20))
            #expect(bomb.count < 100_000)
            let refused = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: ByteBuffer(bytes: bomb))
            #expect(refused.status == .contentTooLarge)
            let broken = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: ByteBuffer(bytes: plain))
            #expect(broken.status == .badRequest)
            headers[.contentEncoding] = "br"
            let other = try await client.execute(
                uri: "/placements", method: .post, headers: headers, body: ByteBuffer(bytes: plain))
            #expect(other.status == .unsupportedMediaType)
            #expect(other.headers[.acceptEncoding] == "gzip")
        }
    }
}
