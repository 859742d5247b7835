import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Service
import Solver
import Store
import Testing

@Suite("Delivery: plans, make-before-break, agents' queues, accounting")
struct DeliveryAPITests {
    static let json: HTTPFields = [.contentType: "application/json"]

    /// Clusters a, b, c (8 cores, 16 GiB each).
    static func server(directory: String? = nil) async throws -> ALTOServer {
        let server = try await TestServer.make(directory: directory)
        try await server.application().test(.router) { client in
            for id in ["a", "b", "c"] {
                let r = try await client.execute(
                    uri: "/clusters/\(id)", method: .put, headers: json,
                    body: TestServer.body(#"{"capacity": {"cpu": 8, "ram": 16}}"#))
                #expect(r.status == .created)
            }
        }
        return server
    }

    /// A function with a Deployment workload, kept off every cluster but `on`.
    static func function(_ id: String, on cluster: String, cpu: Double = 2, image: String = "img:1") -> String {
        let others = ["a", "b", "c"].filter { $0 != cluster }.map { #""\#($0)": 1000"# }.joined(separator: ",")
        return
            #"{"id": "\#(id)", "demand": {"cpu": \#(cpu), "ram": 1}, "costByCluster": {\#(others)}, "workload": {"image": "\#(image)", "kind": "Deployment"}}"#
    }

    static func place(_ client: some TestClientProtocol, _ functions: [String]) async throws -> String {
        let r = try await client.execute(
            uri: "/placements", method: .post, headers: json,
            body: TestServer.body(#"{"functions": [\#(functions.joined(separator: ","))]}"#))
        #expect(r.status == .created)
        return try #require(try TestServer.decode(PlacementOutcome.self, r).id)
    }

    static func ready(_ client: some TestClientProtocol, _ cluster: String) async throws -> [PlannedAction] {
        try TestServer.decode(
            ClusterActions.self, try await client.execute(uri: "/clusters/\(cluster)/actions", method: .get)
        )
        .actions
    }

    static func report(
        _ client: some TestClientProtocol, _ action: PlannedAction, delivered: Bool = true, at: String? = nil,
        output: String? = nil
    ) async throws -> OutcomeReceipt {
        let outcome = ActionOutcome(
            outcome: delivered ? .delivered : .failed, exitStatus: delivered ? 0 : 3, output: output, at: at)
        let r = try await client.execute(
            uri: "/clusters/\(action.cluster)/actions/\(action.seq)", method: .post, headers: json,
            body: ByteBuffer(bytes: DocumentEncoding.data(outcome)))
        #expect(r.status == .ok)
        return try TestServer.decode(OutcomeReceipt.self, r)
    }

    static func delivery(_ client: some TestClientProtocol, _ placement: String) async throws -> [String:
        FunctionDelivery]
    {
        try TestServer.decode(
            PlacementDocument.self, try await client.execute(uri: "/placements/\(placement)", method: .get)
        )
        .delivery
    }

    static func plan(_ client: some TestClientProtocol, _ placement: String, form: String = "") async throws
        -> DeliveryPlan
    {
        try TestServer.decode(
            DeliveryPlan.self, try await client.execute(uri: "/placements/\(placement)/delivery\(form)", method: .get))
    }

    @Test("a commit gives one decision per function and an apply per workload, which the agent's queue hands out")
    func commitPlansDelivery() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let p = try await Self.place(
                client,
                [
                    Self.function("web", on: "a"), Self.function("api", on: "b"),
                    #"{"id": "batch", "demand": {"cpu": 1}}"#,
                ])
            let plan = try await Self.plan(client, p)
            #expect(plan.decisions.count == 3)
            #expect(plan.decisions.allSatisfy { $0["kind"] == .string("PlacementDecision") })
            #expect(Set(plan.clusters.keys) == ["a", "b"])
            #expect(plan.clusters["a"]?.map(\.function) == ["web"])
            #expect(plan.clusters["a"]?.first?.action == .apply)
            #expect(plan.clusters["a"]?.first?.object["metadata"]?["name"] == .string("web"))
            let ocm = try await Self.plan(client, p, form: "?form=ocm")
            #expect(ocm.decisions.first?["apiVersion"] == .string("cluster.open-cluster-management.io/v1beta1"))
            let yaml = try await client.execute(
                uri: "/placements/\(p)/delivery", method: .get, headers: [.accept: "application/yaml"])
            #expect(yaml.headers[.contentType] == "application/yaml")
            let text = String(buffer: yaml.body)
            #expect(text.hasPrefix("---\napiVersion: multicluster.x-k8s.io/v1alpha1\nkind: PlacementDecision\n"))
            #expect(text.contains("# cluster a: apply (function web"))
            // Functions without a workload are placed but not delivered.
            var states = try await Self.delivery(client, p)
            #expect(Set(states.keys) == ["web", "api"])
            #expect(states["web"]?.state == "pending")
            let queue = try await Self.ready(client, "a")
            #expect(queue.map(\.function) == ["web"])
            #expect(try await Self.report(client, queue[0]).recorded == "delivered")
            #expect(try await Self.report(client, queue[0]).recorded == "repeated")
            states = try await Self.delivery(client, p)
            #expect(states["web"]?.state == "delivered")
            #expect(states["web"]?.runningOn == ["a"])
            #expect(try await Self.ready(client, "a").isEmpty)
            let bad = try await client.execute(
                uri: "/clusters/c/actions/\(queue[0].seq)", method: .post, headers: Self.json,
                body: TestServer.body(#"{"outcome": "delivered"}"#))
            #expect(bad.status == .notFound)
        }
    }

    @Test("a moved function is applied on its new cluster first; the old copy is deleted only once that is delivered")
    func makeBeforeBreak() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let first = try await Self.place(
                client, [Self.function("web", on: "a", cpu: 6), Self.function("db", on: "c")])
            for action in try await Self.ready(client, "a") + Self.ready(client, "c") {
                _ = try await Self.report(client, action)
            }
            // Placing web again moves it to b: the earlier placement stops holding it, so its
            // 6 cores on a are not counted twice (b, not a, has room for it only because
            // the request's costs say so; a would have room too).
            let second = try await Self.place(client, [Self.function("web", on: "b", cpu: 6, image: "img:2")])
            let plan = try await Self.plan(client, second)
            #expect(plan.clusters["b"]?.map(\.action) == [.apply])
            #expect(plan.clusters["a"]?.map(\.action) == [.delete])
            #expect(plan.clusters["a"]?.first?.after == "web")
            // The delete waits for the new copy.
            #expect(try await Self.ready(client, "a").isEmpty)
            var states = try await Self.delivery(client, first)
            #expect(states["web"]?.transferredTo == second)
            #expect(states["web"]?.runningOn == ["a"])
            let apply = try #require(try await Self.ready(client, "b").first)
            #expect(apply.object["spec"]?["template"]?["spec"]?["containers"] != nil)
            _ = try await Self.report(client, apply)
            let delete = try #require(try await Self.ready(client, "a").first)
            #expect(delete.action == .delete && delete.function == "web")
            states = try await Self.delivery(client, second)
            #expect(states["web"]?.runningOn == ["a", "b"])
            _ = try await Self.report(client, delete)
            states = try await Self.delivery(client, second)
            #expect(states["web"]?.runningOn == ["b"])
            // Releasing the earlier placement leaves the moved copy alone and deletes the rest.
            let released = try await client.execute(uri: "/placements/\(first)", method: .delete)
            #expect(released.status == .noContent)
            #expect(try await Self.ready(client, "b").isEmpty)
            #expect(try await Self.ready(client, "c").map(\.action) == [.delete])
            // Releasing the later one deletes the moved copy.
            _ = try await client.execute(uri: "/placements/\(second)", method: .delete)
            #expect(try await Self.ready(client, "b").map(\.action) == [.delete])
        }
    }

    @Test("a failed action shows its exit status and output, and is handed out again after the backoff")
    func failedActionsAreRetried() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let p = try await Self.place(client, [Self.function("web", on: "a")])
            let action = try #require(try await Self.ready(client, "a").first)
            let receipt = try await Self.report(client, action, delivered: false, output: "line 1\nerror: forbidden")
            #expect(receipt.recorded == "failed")
            #expect(receipt.retryAt != nil)
            let state = try #require(try await Self.delivery(client, p)["web"])
            #expect(state.state == "failed")
            #expect(state.exitStatus == 3)
            #expect(state.message == "line 1\nerror: forbidden")
            #expect(state.attempts == 1)
            #expect(try await Self.ready(client, "a").isEmpty)  // not before the retry time (1 s)
            try await Task.sleep(for: .milliseconds(1100))
            let again = try #require(try await Self.ready(client, "a").first)
            #expect(again.seq == action.seq)
            _ = try await Self.report(client, again)
            #expect(try await Self.delivery(client, p)["web"]?.state == "delivered")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"altoplace_delivery_actions_total{outcome="failed"} 1"#))
            #expect(metrics.contains(#"altoplace_delivery_actions_total{outcome="delivered"} 1"#))
            #expect(metrics.contains(#"altoplace_delivery_actions_total{outcome="queued"} 1"#))
        }
    }

    @Test("a workload without an image, of an unknown kind, or on an id that is not a Kubernetes name commits nothing")
    func badWorkloadsAreRefusedWithTheirPath() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let cases: [(String, String)] = [
                (
                    #"{"id": "f", "demand": {"cpu": 1}, "workload": {"kind": "Deployment"}}"#,
                    ".functions[0].workload.image"
                ),
                (
                    #"{"id": "f", "demand": {"cpu": 1}, "workload": {"image": "x", "kind": "Pod"}}"#,
                    ".functions[0].workload.kind"
                ),
                (
                    #"{"id": "F_1", "demand": {"cpu": 1}, "workload": {"image": "x", "kind": "Deployment"}}"#,
                    ".functions[0].id"
                ),
                (
                    #"{"id": "f", "demand": {"cpu": 1}, "workload": {"image": "x", "kind": "Deployment", "ports": [70000]}}"#,
                    ".functions[0].workload.ports[0]"
                ),
            ]
            for (function, path) in cases {
                let r = try await client.execute(
                    uri: "/placements", method: .post, headers: Self.json,
                    body: TestServer.body(#"{"functions": [\#(function)]}"#))
                let problem = try TestServer.problem(r)
                #expect(problem.problems.map(\.path).contains(path), "\(problem.problems)")
            }
            let list = try TestServer.decode(
                PlacementList.self, try await client.execute(uri: "/placements", method: .get))
            #expect(list.placements.isEmpty)
        }
    }

    /// Free cores of cluster `id` as ranked for a 1-core function.
    static func freeCPU(_ client: some TestClientProtocol, _ id: String) async throws -> Double? {
        let r = try await client.execute(
            uri: "/clusters/rank", method: .post, headers: json,
            body: TestServer.body(#"{"function": {"id": "probe", "demand": {"cpu": 1}}}"#))
        let ranking = try TestServer.decode(Ranking.self, r)
        return ranking.ranking.first { $0.cluster == id }?.free.cpu
    }

    static func report(_ client: some TestClientProtocol, dc: String, srvload: Double, at: Date) async throws {
        let r = try await client.execute(
            uri: "/dcinfo", method: .post, headers: [.contentType: ALTOMediaType.dcInfo],
            body: TestServer.body(
                #"{"dcid": "\#(dc)", "addr": "192.0.2.10", "timestamp": "\#(DCInfo.format(at))", "ramusage": 0, "srvload": \#(srvload), "cost": 1}"#
            ))
        #expect(r.status == .ok)
    }

    @Test("a data center's report after a delivery already counts the function; one before it does not")
    func reportsAfterDeliveryAreNotCountedTwice() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            try await Self.report(client, dc: "a", srvload: 0, at: Date(timeIntervalSinceNow: -5))
            #expect(try await Self.freeCPU(client, "a") == 8)
            _ = try await Self.place(client, [Self.function("web", on: "a", cpu: 4)])
            // Committed, not delivered: added on top of the report.
            #expect(try await Self.freeCPU(client, "a") == 4)
            let apply = try #require(try await Self.ready(client, "a").first)
            try await Task.sleep(for: .milliseconds(20))
            _ = try await Self.report(client, apply, at: DCInfo.format(Date()))
            // The newest report was measured before the delivery: still added on top.
            #expect(try await Self.freeCPU(client, "a") == 4)
            // A report measured after the delivery sees its 4 cores as load (50% of 8):
            // counted once, not 8 cores.
            try await Task.sleep(for: .milliseconds(20))
            try await Self.report(client, dc: "a", srvload: 50, at: Date())
            #expect(try await Self.freeCPU(client, "a") == 4)
            // A function without a workload is always added on top.
            _ = try await Self.place(
                client, [#"{"id": "plain", "demand": {"cpu": 1}, "costByCluster": {"b": 100, "c": 100}}"#])
            #expect(try await Self.freeCPU(client, "a") == 3)
        }
    }

    @Test("ClusterProfiles register clusters, and decisions name them where they live")
    func clusterProfilesImport() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let list = """
                {"apiVersion": "v1", "kind": "List", "items": [
                 {"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile",
                  "metadata": {"name": "edge.west", "namespace": "fleet1"}, "spec": {"clusterManager": {"name": "m"}},
                  "status": {"properties": [{"name": "cpu.capacity.altoplace.io", "value": "16"},
                    {"name": "memory.capacity.altoplace.io", "value": "64Gi"}, {"name": "pid.altoplace.io", "value": "b"}]}}]}
                """
            let r = try await client.execute(
                uri: "/clusterprofiles", method: .post, headers: Self.json, body: TestServer.body(list))
            #expect(try TestServer.decode(ImportedClusters.self, r).registered == ["edge_west"])
            let cluster = try TestServer.decode(
                ClusterDocument.self, try await client.execute(uri: "/clusters/edge_west", method: .get))
            #expect(cluster.cluster.capacity.cpu == 16)
            #expect(cluster.cluster.capacity.ram == 64)
            #expect(cluster.cluster.pid == "b")
            let p = try await Self.place(client, [#"{"id": "f", "demand": {"cpu": 1}}"#])
            let decision = try #require(try await Self.plan(client, p).decisions.first)
            guard case .array(let decisions)? = decision["decisions"] else {
                Issue.record("no decisions")
                return
            }
            #expect(decisions.first?["clusterProfileRef"]?["name"] == .string("edge.west"))
            #expect(decisions.first?["clusterProfileRef"]?["namespace"] == .string("fleet1"))
            let bad = try await client.execute(
                uri: "/clusterprofiles", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"kind": "ClusterProfile", "apiVersion": "multicluster.x-k8s.io/v1alpha1", "metadata": {"name": "x"}}"#
                ))
            #expect(try TestServer.problem(bad).problems.first?.message.contains("capacity") == true)
        }
    }

    @Test("placing a running function again counts it once, before and after the commit, and keeps its workload")
    func placingAgainCountsOnce() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await Self.place(client, [Self.function("web", on: "a", cpu: 5)])
            let apply = try #require(try await Self.ready(client, "a").first)
            _ = try await Self.report(client, apply)
            // Measured after the delivery: web's 5 cores are in the report (62.5% of 8).
            try await Task.sleep(for: .milliseconds(20))
            try await Self.report(client, dc: "a", srvload: 62.5, at: Date())
            #expect(try await Self.freeCPU(client, "a") == 3)
            // Placed again without a workload, with 7 cores: it fits on a only if its 5
            // running cores are not counted on top of the report.
            let again = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"functions": [{"id": "web", "demand": {"cpu": 7, "ram": 1}, "costByCluster": {"b": 1000, "c": 1000}}]}"#
                ))
            #expect(again.status == .created)
            let second = try #require(try TestServer.decode(PlacementOutcome.self, again).id)
            #expect(try PlacementAPITests.assignments(again)["web"] == "a")
            // Its workload was kept: re-applied in place (7 cores now), nothing deleted.
            let plan = try await Self.plan(client, second)
            #expect(plan.clusters.keys.sorted() == ["a"])
            #expect(plan.clusters["a"]?.map(\.action) == [.apply])
            #expect(
                plan.clusters["a"]?.first?.object["spec"]?["template"]?["spec"]?["containers"]
                    == .array([
                        .object([
                            "name": .string("web"), "image": .string("img:1"),
                            "resources": .object([
                                "requests": .object(["cpu": .string("7"), "memory": .string("1Gi")]),
                                "limits": .object(["cpu": .string("7"), "memory": .string("1Gi")]),
                            ]),
                        ])
                    ]))
            // The same object replaced in place has run since before the report: the
            // report's 5 cores stand for it; the 2 more are not in it yet, but the rule
            // counts objects, so free is 8 - 5 = 3 until a report after the re-apply.
            #expect(try await Self.freeCPU(client, "a") == 3)
        }
    }

    @Test("a moved function's old copy is counted on its cluster until its delete is delivered")
    func oldCopiesCountUntilDeleted() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await Self.place(client, [Self.function("web", on: "a", cpu: 4)])
            _ = try await Self.report(client, try #require(try await Self.ready(client, "a").first))
            #expect(try await Self.freeCPU(client, "a") == 4)
            _ = try await Self.place(client, [Self.function("web", on: "b", cpu: 4)])
            #expect(try await Self.freeCPU(client, "a") == 4)  // the old copy still runs
            #expect(try await Self.freeCPU(client, "b") == 4)
            _ = try await Self.report(client, try #require(try await Self.ready(client, "b").first))
            _ = try await Self.report(client, try #require(try await Self.ready(client, "a").first))
            #expect(try await Self.freeCPU(client, "a") == 8)  // deleted: free again
        }
    }

    @Test("a delivered function's demand must fit a Kubernetes quantity, and an agent's clock cannot date the future")
    func hostileAmountsAndTimes() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let huge = try await client.execute(
                uri: "/placements", method: .post, headers: Self.json,
                body: TestServer.body(
                    #"{"clusters": [{"id": "x", "capacity": {}}], "functions": [{"id": "f", "demand": {"cpu": 1e17}, "workload": {"image": "i", "kind": "Deployment"}}]}"#
                ))
            #expect(try TestServer.problem(huge).problems.map(\.path) == [".functions[0].demand.cpu"])
            let p = try await Self.place(client, [Self.function("web", on: "a")])
            let apply = try #require(try await Self.ready(client, "a").first)
            _ = try await Self.report(client, apply, at: "2999-01-01T00:00:00Z")
            let plan = try await Self.plan(client, p)
            let delivered = try #require(plan.clusters["a"]?.first?.deliveredAt.flatMap(DCTimestamp.parse))
            #expect(delivered <= Date())
        }
    }

    @Test("a what-if study on the committed state counts a function taken over by a later placement once")
    func whatIfCommittedBaseCountsTransfersOnce() async throws {
        let server = try await Self.server()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            _ = try await Self.place(client, [Self.function("web", on: "a"), Self.function("db", on: "c")])
            _ = try await Self.place(client, [Self.function("web", on: "b")])
            let r = try await client.execute(
                uri: "/whatif", method: .post, headers: Self.json,
                body: TestServer.body(#"{"base": "committed", "scenarios": [{"name": "as is", "changes": []}]}"#))
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            let report = try TestServer.decode(WhatIfReport.self, r)
            #expect(report.base.placed == 2)  // web once (from the later placement) and db
        }
    }
}
