import ALTO
import Foundation
import Hummingbird
import HummingbirdTesting
import Matrix
import Server
import Service
import Solver
import Store
import Synchronization
import Testing
import Topology

@Suite("Errors: RFC 7285 codes and HTTP statuses")
struct ALTOErrorTests {
    static let costFilter: HTTPFields = [.contentType: ALTOMediaType.costMapFilter]

    @Test("E_SYNTAX for a body that is not JSON, with a syntax-error")
    func syntax() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter,
                body: TestServer.body(#"{"cost-type": {"cost-mode": "numerical",}"#))
            let meta = try TestServer.errorMeta(response)
            #expect(meta["code"] == "E_SYNTAX")
            #expect(meta["syntax-error"]?.isEmpty == false)
            let array = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter, body: TestServer.body("[1, 2]"))
            #expect(try TestServer.errorMeta(array)["code"] == "E_SYNTAX")
        }
    }

    @Test("E_MISSING_FIELD names the full path of the missing field")
    func missingField() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter,
                body: TestServer.body(#"{"cost-type": {"cost-mode": "numerical"}}"#))
            let meta = try TestServer.errorMeta(response)
            #expect(meta["code"] == "E_MISSING_FIELD")
            #expect(meta["field"] == "cost-type/cost-metric")
            let noPids = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: [.contentType: ALTOMediaType.networkMapFilter],
                body: TestServer.body("{}"))
            #expect(
                try TestServer.errorMeta(noPids) == [
                    "code": "E_MISSING_FIELD", "field": "pids", "message": "missing required field \"pids\"",
                ])
        }
    }

    @Test("E_INVALID_FIELD_TYPE names the field holding the wrong type")
    func invalidFieldType() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: [.contentType: ALTOMediaType.networkMapFilter],
                body: TestServer.body(#"{"pids": "a"}"#))
            let meta = try TestServer.errorMeta(response)
            #expect(meta["code"] == "E_INVALID_FIELD_TYPE")
            #expect(meta["field"] == "pids")
            let nested = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "pids": {"srcs": [1]}}"#))
            #expect(try TestServer.errorMeta(nested)["field"] == "pids/srcs")
        }
    }

    @Test("E_INVALID_FIELD_VALUE names the field and the value")
    func invalidFieldValue() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let mode = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter,
                body: TestServer.body(#"{"cost-type": {"cost-mode": "foo", "cost-metric": "routingcost"}}"#))
            let meta = try TestServer.errorMeta(mode)
            #expect(meta["code"] == "E_INVALID_FIELD_VALUE")
            #expect(meta["field"] == "cost-type/cost-mode")
            #expect(meta["value"] == "foo")
            let constraint = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: Self.costFilter,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "constraints": ["lte 5"]}"#
                ))
            #expect(try TestServer.errorMeta(constraint)["value"] == "lte 5")
            let endpoint = try await client.execute(
                uri: "/endpointprop/lookup", method: .post,
                headers: [.contentType: ALTOMediaType.endpointPropertyParams],
                body: TestServer.body(#"{"properties": ["default-network-map.pid"], "endpoints": ["ipv4:300.1.1.1"]}"#))
            let endpointMeta = try TestServer.errorMeta(endpoint)
            #expect(endpointMeta["field"] == "endpoints")
            #expect(endpointMeta["value"] == "ipv4:300.1.1.1")
            let noDestinations = try await client.execute(
                uri: "/endpointcost/lookup", method: .post, headers: [.contentType: ALTOMediaType.endpointCostParams],
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "endpoints": {"srcs": ["ipv4:192.0.2.1"]}}"#
                ))
            #expect(
                try TestServer.errorMeta(noDestinations) == [
                    "code": "E_MISSING_FIELD", "field": "endpoints/dsts",
                    "message": "missing required field \"endpoints/dsts\"",
                ])
            let property = try await client.execute(
                uri: "/endpointprop/lookup", method: .post,
                headers: [.contentType: ALTOMediaType.endpointPropertyParams],
                body: TestServer.body(#"{"properties": ["colour"], "endpoints": ["ipv4:192.0.2.1"]}"#))
            #expect(try TestServer.errorMeta(property)["field"] == "properties")
        }
    }

    @Test("404 for unknown paths, 405 with Allow for a wrong method, 406, 415 and 413")
    func httpStatuses() async throws {
        let server = try await TestServer.make { $0.maxBodyBytes = 1024 }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let missing = try await client.execute(uri: "/nothing/here", method: .get)
            #expect(missing.status == .notFound)
            #expect(try TestServer.object(missing.body)["status"] as? Int == 404)
            let method = try await client.execute(uri: "/networkmap", method: .delete)
            #expect(method.status == .methodNotAllowed)
            #expect(method.headers[.allow] == "GET")
            let clusterMethod = try await client.execute(uri: "/clusters/x", method: .post)
            #expect(clusterMethod.status == .methodNotAllowed)
            #expect(clusterMethod.headers[.allow]?.contains("PUT") == true)
            // /clusters/rank is its own route, not a cluster named "rank": only POST.
            let rank = try await client.execute(uri: "/clusters/rank", method: .options)
            #expect(rank.status == .methodNotAllowed)
            #expect(rank.headers[.allow] == "POST")
            let accept = try await client.execute(
                uri: "/costmap/routingcost/numerical", method: .get,
                headers: [.accept: "application/alto-networkmap+json"])
            #expect(accept.status == .notAcceptable)
            let postAccept = try await client.execute(
                uri: "/costmap/filtered", method: .post,
                headers: [.contentType: ALTOMediaType.costMapFilter, .accept: "text/csv"], body: TestServer.body("{}"))
            #expect(postAccept.status == .notAcceptable)
            let media = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: [.contentType: "application/json"],
                body: TestServer.body("{}"))
            #expect(media.status == .unsupportedMediaType)
            let large = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: [.contentType: ALTOMediaType.networkMapFilter],
                body: TestServer.body(#"{"pids": ["\#(String(repeating: "x", count: 2000))"]}"#))
            #expect(large.status == .contentTooLarge)
        }
    }

    @Test("a saturated server answers 503 with Retry-After; health stays reachable and says it is saturated")
    func saturated() async throws {
        let server = try await TestServer.make { $0.maxConcurrent = 1 }
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let idle = try await client.execute(uri: "/healthz", method: .get)
            #expect(idle.status == .ok)
            #expect(try TestServer.decode(Health.self, idle).status == "ok")
            server.inFlight.add(1, ordering: .relaxed)  // one request already in flight
            let response = try await client.execute(uri: "/networkmap", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(health.headers[.retryAfter] == "1")
            let document = try TestServer.decode(Health.self, health)
            #expect(document.status == "saturated")
            #expect(document.requestsInFlight == 1 && document.requestLimit == 1)
            server.inFlight.subtract(1, ordering: .relaxed)
        }
    }

    @Test("a request past the timeout is cancelled and answered 503")
    func timeout() async throws {
        let router = Router(context: ALTORequestContext.self)
        router.add(middleware: ErrorResponseMiddleware(routes: []))
        router.add(middleware: RequestTimeoutMiddleware(limit: .milliseconds(50), metrics: ServerMetrics()))
        let cancelled = RenderCount()
        router.get("/slow") { _, _ -> String in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.increment()  // the watchdog cancelled the handler
                throw error
            }
            return "late"
        }
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/slow", method: .get)
            #expect(response.status == .serviceUnavailable)
        }
        #expect(cancelled.value == 1)
    }
}
