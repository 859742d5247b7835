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

@Suite("What-if studies")
struct WhatIfTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static let functions = (0..<3).map {
        #"{"id": "f\#($0)", "demand": {"cpu": 2, "ram": 1}, "traffic": [{"pid": "b", "rate": \#($0 + 1)}]}"#
    }.joined(separator: ",")

    static let clusters = """
        [{"id": "near", "capacity": {"cpu": 8}, "pricePerCpu": 1, "pid": "b"},
         {"id": "mid", "capacity": {"cpu": 8}, "pricePerCpu": 1, "pid": "c"},
         {"id": "far", "capacity": {"cpu": 8}, "pricePerCpu": 1, "pid": "d"}]
        """

    @Test("scenarios are solved in parallel; each equals solving that scenario alone")
    func scenariosMatchSolvingAlone() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let body = """
                {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                 "scenarios": [
                   {"name": "near down", "changes": [{"clusterDown": "near"}]},
                   {"name": "b-c cut, near down", "changes": [{"clusterDown": "near"}, {"linkDown": {"source": "b", "target": "c"}}]},
                   {"name": "double traffic", "changes": [{"trafficScale": {"factor": 2}}]},
                   {"name": "small near", "changes": [{"capacity": {"cluster": "near", "cpu": 2}}]},
                   {"name": "grow", "changes": [{"addFunctions": [{"id": "g", "demand": {"cpu": 1}}]}, {"removeFunctions": ["f0"]}]}]}
                """
            let response = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json, body: TestServer.body(body))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let report = try TestServer.decode(WhatIfReport.self, response)
            // Base: all three at near (b), network cost 0, price 2 cores x 1 each.
            #expect(report.base.objective?.network == 0)
            #expect(report.base.placed == 3)
            let scenarios = report.scenarios
            #expect(
                scenarios.map(\.name) == [
                    "near down", "b-c cut, near down", "double traffic", "small near", "grow",
                ])
            try #require(scenarios.count == 5)
            let down = scenarios[0]
            #expect(down.moved == 3)
            #expect(down.objective?.network == 12)  // rates 1+2+3 at 2 ms (b→c)
            let cut = scenarios[1]
            // Without b–c, c is 1+10+4 = 15 ms from b and d 7 ms (b→a→d... a–d is 10): d via c? cut, so b→a→d = 11.
            #expect(cut.objective?.network == 66)  // 6 x 11 ms at far
            #expect(scenarios[3].moved == 2)  // 2 cores left at near: one stays
            #expect(scenarios[4].movedFunctions.first?.function == "f0")

            // The same scenario as a plain request gives the same answer.
            let clustersWithoutNear = Self.clusters.replacingOccurrences(
                of: #"{"id": "near", "capacity": {"cpu": 8}, "pricePerCpu": 1, "pid": "b"},"#, with: "")
            let alone = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"clusters": \#(clustersWithoutNear), "functions": [\#(Self.functions)], "dryRun": true}"#))
            let aloneResult = try TestServer.decode(PlacementOutcome.self, alone).result
            #expect(aloneResult.objective?.total == down.objective?.total)
            #expect(down.status == aloneResult.status.rawValue)
        }
    }

    @Test("the committed state as base: moves are counted against where functions run now")
    func committedBase() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            for (id, pid) in [("near", "b"), ("far", "d")] {
                _ = try await client.execute(
                    uri: "/clusters/\(id)", method: .put, headers: Self.json,
                    body: TestServer.body(#"{"capacity": {"cpu": 8}, "pid": "\#(pid)"}"#))
            }
            let placed = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(#"{"functions": [\#(Self.functions)]}"#))
            #expect(placed.status == .created)
            let response = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"base": "committed", "scenarios": [{"name": "near down", "changes": [{"clusterDown": "near"}]}]}"#
                ))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let scenario = try #require(try TestServer.decode(WhatIfReport.self, response).scenarios.first)
            let moves = scenario.movedFunctions
            #expect(moves.allSatisfy { $0.from == "near" && $0.to == "far" })
            #expect(Set(moves.map(\.function)).isSuperset(of: ["f0", "f1", "f2"]))
            #expect(moves.contains { $0.function.hasSuffix("/f0") } == (moves.count == 4))
        }
    }

    @Test("bad scenarios are refused with every problem before anything is solved")
    func badScenarios() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let body = """
                {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                 "scenarios": [{"name": "x", "changes": [{"clusterDown": "nowhere"}, {}, {"removeFunctions": ["ghost"]}]}]}
                """
            let response = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json, body: TestServer.body(body))
            #expect(response.status == .badRequest)
            #expect(try TestServer.problem(response).problems.count == 3)
            let empty = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(#"{"base": "committed", "scenarios": []}"#))
            #expect(empty.status == .badRequest)
        }
    }

    @Test("cutting a link never shortens a path, even to a node placed from its neighbours")
    func linkDownNeverShortens() throws {
        // B has no coordinates: the base places it between A and C; cutting A–B used to
        // re-place it next to C alone, making B–C (and paths through it) shorter.
        let topology = try Topology.parseJSON(
            Array(
                #"""
                {"nodes": [{"id": "A", "latitude": 48.85, "longitude": 2.35}, {"id": "B"},
                           {"id": "C", "latitude": 50.11, "longitude": 8.68}, {"id": "D", "latitude": 49.6, "longitude": 6.13}],
                 "links": [{"source": "A", "target": "B"}, {"source": "B", "target": "C"}, {"source": "A", "target": "D"},
                           {"source": "D", "target": "C"}]}
                """#.utf8), source: "t")
        let resolved = try topology.resolved()
        let pids = resolved.nodeIDs
        let latency = LatencyTable(matrix: AllPairsEngine().costs(try resolved.graph(for: .routingcost)), pids: pids)
        let study = WhatIfStudy(
            base: PlacementRequest(clusters: [], functions: []),
            scenarios: [
                WhatIfScenario(name: "cut", changes: [ScenarioChange(linkDown: .init(source: "A", target: "B"))])
            ], latency: latency, topology: topology, pidNames: pids)
        let (_, after) = try study.apply(study.scenarios[0])
        let cut = try #require(after)
        for a in pids {
            for b in pids {
                let before = latency.latency(a, b) ?? .infinity, now = cut.latency(a, b) ?? .infinity
                #expect(now >= before - 1e-6, "\(a)→\(b): \(before) → \(now)")
            }
        }
    }

    @Test("unknown ids in trafficScale and unknown capacity keys are refused, naming them")
    func unknownNamesRefused() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let scale = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    """
                    {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                     "scenarios": [{"name": "x", "changes": [{"trafficScale": {"factor": 0, "functions": ["ghost"]}}]}]}
                    """))
            #expect(scale.status == .badRequest)
            #expect(String(buffer: scale.body).contains("ghost"))
            let capacity = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    """
                    {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                     "scenarios": [{"name": "x", "changes": [{"capacity": {"cluster": "near", "cores": 0}}]}]}
                    """))
            #expect(capacity.status == .badRequest)
            #expect(String(buffer: capacity.body).contains("cores"))
        }
    }

    @Test("clusterDown, committed bases and added functions work where they used to fail")
    func formerFailures() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            // A cluster named in costByCluster and demandByCluster goes down.
            let named =
                #"{"id": "n", "demand": {"cpu": 1}, "costByCluster": {"near": 2}, "demandByCluster": {"near": {"cpu": 2}}}"#
            let down = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    """
                    {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions), \(named)]},
                     "scenarios": [{"name": "x", "changes": [{"clusterDown": "near"}]}]}
                    """))
            #expect(down.status == .ok, "\(String(buffer: down.body))")
            // Added functions with traffic by endpoint address.
            let added = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    """
                    {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                     "scenarios": [{"name": "x", "changes": [{"addFunctions": [{"id": "g", "demand": {"cpu": 1}, "traffic": [{"pid": "ipv4:198.51.100.7", "rate": 1}]}]}]}]}
                    """))
            #expect(added.status == .ok, "\(String(buffer: added.body))")

            // Committed base: an allowPartial commit that left an anti-affinity partner out,
            // then a deleted cluster named in costByCluster.
            for (id, pid, cpu) in [("near", "b", 2), ("far", "d", 2)] {
                _ = try await client.execute(
                    uri: "/clusters/\(id)", method: .put, headers: Self.json,
                    body: TestServer.body(#"{"capacity": {"cpu": \#(cpu)}, "pid": "\#(pid)"}"#))
            }
            let partial = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"""
                    {"functions": [{"id": "p", "demand": {"cpu": 2}, "antiAffinity": ["q"], "costByCluster": {"near": 1}},
                                   {"id": "q", "demand": {"cpu": 2}, "priority": 0.5},
                                   {"id": "r", "demand": {"cpu": 2}, "priority": 3}],
                     "options": {"allowPartial": true}}
                    """#))
            #expect(partial.status == .created, "\(String(buffer: partial.body))")
            let committed = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"base": "committed", "scenarios": [{"name": "x", "changes": [{"trafficScale": {"factor": 2}}]}]}"#
                ))
            #expect(committed.status == .ok, "\(String(buffer: committed.body))")
            _ = try await client.execute(uri: "/clusters/near", method: .delete)
            let afterDelete = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"base": "committed", "scenarios": [{"name": "x", "changes": [{"trafficScale": {"factor": 2}}]}]}"#
                ))
            #expect(afterDelete.status == .ok, "\(String(buffer: afterDelete.body))")
        }
    }

    @Test("a streamed study sends progress events, then the result")
    func streamed() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let body = """
                {"base": {"clusters": \(Self.clusters), "functions": [\(Self.functions)]},
                 "scenarios": [{"name": "a", "changes": [{"clusterDown": "near"}]}, {"name": "b", "changes": [{"clusterDown": "far"}]}]}
                """
            let stream = try RawHTTPConnection(
                port: port,
                request:
                    "POST /whatif HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            #expect(try await stream.wait { $0.contains("event: result") })
            #expect(stream.text.components(separatedBy: "event: progress").count - 1 == 3)
            #expect(stream.text.contains(#""total":3"#))
            stream.shutdown()
        }
    }

    @Test("closing a streamed study skips the scenarios not yet started")
    func cancelled() async throws {
        let server = try await TestServer.make { $0.solverThreads = 1 }
        defer { TestServer.stop(server) }
        // A tight instance that does not close its gap quickly, so each solve takes its time limit.
        var base = InstanceGenerator.make(functions: 60, clusters: 10, tightness: 0.97, seed: 5, timeLimit: 0.3)
        base.options?.relativeGap = 0
        let encoder = JSONEncoder()
        let baseJSON = String(decoding: try encoder.encode(base), as: UTF8.self)
        let scenarios = (0..<30).map { k in
            #"{"name": "s\#(k)", "changes": [{"trafficScale": {"factor": \#(1 + Double(k) / 100)}}]}"#
        }.joined(separator: ",")
        let body = #"{"base": \#(baseJSON), "scenarios": [\#(scenarios)]}"#
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let stream = try RawHTTPConnection(
                port: port,
                request:
                    "POST /whatif HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            #expect(try await stream.wait { $0.contains("event: progress") })
            stream.shutdown()
            // The queue drains quickly: the remaining solves are skipped, not run.
            var drained = false
            for _ in 0..<300 where !drained {
                try await Task.sleep(for: .milliseconds(20))
                drained = server.service.solverPool.pendingJobs == 0
            }
            #expect(drained)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            let line = try #require(metrics.split(separator: "\n").first { $0.hasPrefix("altoplace_solves_total ") })
            let solves = try #require(Int(line.split(separator: " ")[1]))
            #expect(solves < 31, "\(solves) of 31 solves ran after the client left")
        }
    }
}
