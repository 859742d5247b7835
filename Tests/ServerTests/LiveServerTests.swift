import ALTO
import Foundation
import Hummingbird
import HummingbirdTesting
import Matrix
import Server
import Service
import Solver
import Store
import Testing
import Topology

@Suite("Live sockets: HTTP and server-sent events")
struct LiveServerTests {
    static func report(_ dcid: String, load: Double) -> ByteBuffer {
        TestServer.body(
            #"{"dcid": "\#(dcid)", "addr": "10.0.0.1", "ramusage": 20, "srvload": \#(load), "powerusage": 300, "cost": 0.1}"#
        )
    }

    @Test("the server answers over a real socket")
    func liveSocket() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            #expect(client.port != nil)
            let response = try await client.execute(
                uri: "/costmap/hopcount/numerical", method: .get,
                headers: [.accept: "application/alto-costmap+json,application/alto-error+json"])
            #expect(response.status == .ok)
            let map = try #require(try TestServer.object(response.body)["cost-map"] as? [String: [String: Double]])
            #expect(map["b"]?["d"] == 2)
        }
    }

    @Test("a push client gets the state, then each report as it is accepted, then resumes by Last-Event-ID")
    func serverSentEvents() async throws {
        let server = try await TestServer.make { $0.heartbeat = .milliseconds(200) }
        defer { TestServer.stop(server) }
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let dc: HTTPFields = [.contentType: ALTOMediaType.dcInfo]
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: dc, body: Self.report("dc-a", load: 10))
            let stream = try RawHTTPConnection(
                port: port,
                request: "GET /getdcinfo HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n")
            #expect(try await stream.wait { $0.contains("\"srvload\":10") })
            #expect(
                stream.text.contains("Content-Type: text/event-stream")
                    || stream.text.contains("content-type: text/event-stream"))
            #expect(stream.text.contains("id: 1\n"))
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: dc, body: Self.report("dc-b", load: 77))
            #expect(try await stream.wait { $0.contains("\"srvload\":77") })
            #expect(stream.text.contains("id: 2\n"))
            #expect(try await stream.wait { $0.contains(": heartbeat") })
            stream.shutdown()

            // A client that saw event 1 comes back and gets only what it missed, from the store.
            _ = try await client.execute(
                uri: "/dcinfo", method: .post, headers: dc, body: Self.report("dc-a", load: 33))
            let resumed = try RawHTTPConnection(
                port: port,
                request:
                    "GET /getdcinfo?dcid=dc-a HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\nLast-Event-ID: 1\r\n\r\n"
            )
            #expect(try await resumed.wait { $0.contains("\"srvload\":33") })
            #expect(resumed.text.contains("id: 3\n"))
            #expect(!resumed.text.contains("\"srvload\":10"))  // seen before
            #expect(!resumed.text.contains("\"srvload\":77"))  // another data center
            resumed.shutdown()
            // Streams that ended leave no subscriber behind.
            #expect(try await Self.eventually { server.service.subscriberCount == 0 })
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
