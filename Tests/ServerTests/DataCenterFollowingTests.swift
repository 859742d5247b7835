import ALTO
import Agent
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Service
import Solver
import Store
import Synchronization
import Testing

@Suite("The centre follows data center agents: push, staleness, capacity, property maps")
struct DataCenterFollowingTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func report(_ dcid: Double, load: Double, at addr: String = "192.0.2.200") -> DCInfo {
        DCInfo(
            dcid: DataCenterID(number: dcid)!, addr: [IPAddress(plain: addr)!], addrIsList: true,
            timestamp: DCTimestamp.format(Date()), ramusage: 50, srvload: load, powerusage: 120, cost: 2,
            extensions: ["capacity": DataCenterCapacity(cpu: 8, ram: 32).json, "carbonintensity": .number(400)])
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    static func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("an agent's reports reach the centre by push, keep their numeric dcid, fill in capacity, and go stale")
    func centreFollowsAgent() async throws {
        let agent = try await TestServer.make(topology: nil) { $0.role = .agent }
        defer { TestServer.stop(agent) }
        let centre = try await TestServer.make { $0.staleAfter = .milliseconds(1500) }
        defer { TestServer.stop(centre) }
        _ = try await agent.service.report(Self.report(1, load: 25))
        try await agent.application().test(.live) { agentClient in
            let agentPort = try #require(agentClient.port)
            // The agent answers the draft's InfoDCResource: one object, not a list.
            let own = try TestServer.object(
                try await agentClient.execute(uri: "/getdcinfo", method: .get).body)
            let ownInfo = try #require(own["dc-info"] as? [String: Any])
            #expect(ownInfo["dcid"] as? Int == 1)
            let directory = try await agentClient.execute(uri: "/directory", method: .get)
            #expect(String(buffer: directory.body).contains("/getdcinfo"))
            #expect(try await agentClient.execute(uri: "/clusters", method: .get).status == .notFound)

            try await centre.application().test(.live) { client in
                let registered = try await client.execute(
                    uri: "/clusters/edge-a", method: .put, headers: Self.json,
                    body: TestServer.body(#"{"dcinfoSource": "http://127.0.0.1:\#(agentPort)", "pid": "b"}"#))
                #expect(registered.status == .created)
                #expect(try await Self.eventually { centre.service.dataCenters.count == 1 })
                let single = try TestServer.object(
                    try await client.execute(uri: "/getdcinfo?dcid=1", method: .get).body)
                let info = try #require(single["dc-info"] as? [String: Any])
                #expect(info["dcid"] as? Int == 1)
                #expect(info["srvload"] as? Double == 25)
                #expect(info["stale"] as? Bool == false)
                #expect((info["age"] as? Double).map { $0 >= 0 } == true)
                #expect(info["carbonintensity"] as? Double == 400)

                // A new report at the agent arrives by push.
                _ = try await agent.service.report(Self.report(1, load: 50))
                #expect(try await Self.eventually { centre.service.dataCenters.first?.info.srvload == 50 })

                // The cluster registered without capacity gets the agent's: 8 cores, half busy.
                let rank = #"{"function": {"id": "f", "demand": {"cpu": 1, "ram": 1}}}"#
                let ranking = try TestServer.decode(
                    Ranking.self,
                    try await client.execute(
                        uri: "/clusters/rank", method: .post, headers: Self.json, body: TestServer.body(rank)))
                #expect(ranking.ranking.first?.cluster == "edge-a")
                #expect(ranking.ranking.first?.free.cpu == 4)
                #expect(ranking.dataCenters.first?.dcid?.text == "1")

                // The property map publishes the same values on the address and its PID.
                let map = try TestServer.object(
                    try await client.execute(uri: "/propmap/dcinfo", method: .get).body)
                let properties = try #require(map["property-map"] as? [String: [String: Any]])
                #expect(properties["ipv4:192.0.2.200"]?["dc-info.priv:srvload"] as? Double == 50)
                #expect(properties["default-network-map.pid:c"]?["dc-info.priv:dcid"] as? Int == 1)
                let filtered = try await client.execute(
                    uri: "/propmap/dcinfo/filtered", method: .post,
                    headers: [.contentType: ALTOMediaType.propertyMapParams],
                    body: TestServer.body(
                        #"{"entities": ["ipv4:192.0.2.200/32", "ipv4:198.51.100.1"], "properties": ["dc-info.priv:ramusage"]}"#
                    ))
                let filteredMap = try #require(
                    try TestServer.object(filtered.body)["property-map"] as? [String: [String: Any]])
                #expect(filteredMap["ipv4:192.0.2.200"]?.count == 1)
                #expect(filteredMap["ipv4:192.0.2.200"]?["dc-info.priv:ramusage"] as? Double == 50)
                #expect(filteredMap["ipv4:198.51.100.1"]?.isEmpty == true)

                // Silence past staleAfter: stale, excluded with the reason, unless asked to use it.
                #expect(
                    try await Self.eventually(5) {
                        centre.service.dataCenterStates().first?.stale == true
                    })
                let excluded = try await client.execute(
                    uri: "/clusters/rank", method: .post, headers: Self.json, body: TestServer.body(rank))
                #expect(excluded.status == .badRequest)
                #expect(String(buffer: excluded.body).contains("stale"))
                let used = try TestServer.decode(
                    Ranking.self,
                    try await client.execute(
                        uri: "/clusters/rank", method: .post, headers: Self.json,
                        body: TestServer.body(
                            #"{"function": {"id": "f", "demand": {"cpu": 1}}, "staleDataCenters": "use"}"#)))
                #expect(used.ranking.first?.cluster == "edge-a")
                #expect(used.dataCenters.first?.stale == true)
                // Placements follow the same policy and say why.
                let batch = #"{"functions": [{"id": "g", "demand": {"cpu": 1}}], "dryRun": true"#
                let refused = try await client.execute(
                    uri: "/placements", method: .post, headers: Self.json, body: TestServer.body(batch + "}"))
                #expect(refused.status == .badRequest)
                #expect(String(buffer: refused.body).contains("last reported"))
                let placed = try TestServer.object(
                    try await client.execute(
                        uri: "/placements", method: .post, headers: Self.json,
                        body: TestServer.body(batch + #", "staleDataCenters": "use"}"#)
                    ).body)
                let statuses = try #require(placed["dataCenters"] as? [[String: Any]])
                #expect(statuses.first?["stale"] as? Bool == true && statuses.first?["dcid"] as? Int == 1)
                #expect(((placed["result"] as? [String: Any])?["assignments"] as? [Any])?.count == 1)
                let all = try TestServer.object(try await client.execute(uri: "/getdcinfo", method: .get).body)
                let list = try #require(all["dc-info"] as? [[String: Any]])
                #expect(list.first?["stale"] as? Bool == true)
            }
        }
    }

    @Test("a followed source is resumed after a restart of the centre from the stored event id, losing nothing")
    func resumeAfterCentreRestart() async throws {
        let agent = try await TestServer.make(topology: nil) { $0.role = .agent }
        defer { TestServer.stop(agent) }
        for k in 1...3 { _ = try await agent.service.report(Self.report(7, load: Double(k))) }
        try await agent.application().test(.live) { agentClient in
            let agentPort = try #require(agentClient.port)
            let directory = TestServer.temporaryDirectory()
            do {
                let centre = try await TestServer.make(directory: directory)
                _ = try await centre.service.registerCluster(
                    id: "edge-7",
                    ClusterRegistration(capacity: nil, pid: "c", dcinfoSource: "http://127.0.0.1:\(agentPort)"))
                #expect(try await Self.eventually { try await centre.service.store.reportCount() >= 1 })
                await centre.shutdown()
            }
            // While the centre is down the agent reports twice more.
            for k in 4...5 { _ = try await agent.service.report(Self.report(7, load: Double(k))) }
            let centre = try await TestServer.make(directory: directory)
            defer { TestServer.stop(centre) }
            #expect(try await Self.eventually { centre.service.dataCenters.first?.info.srvload == 5 })
            // The first connection took the agent's state (load 3); the resume replayed 4 and 5.
            let loads = try await centre.service.reports(after: 0, limit: 100).map(\.info.srvload)
            #expect(loads.suffix(2) == [4, 5])
            #expect(Set(loads).isSuperset(of: [3, 4, 5]))
        }
    }

    /// A TCP port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("an agent pushing to the centre (--report-to) outlives an outage longer than its wake-up queue")
    func reporterOutlivesOutage() async throws {
        let agent = try await TestServer.make(topology: nil) { $0.role = .agent }
        defer { TestServer.stop(agent) }
        let port = try Self.freePort()
        let reporter = CentreReporter(
            url: "http://127.0.0.1:\(port)", token: "t", service: agent.service, logger: TestServer.quiet)
        let task = Task { try await reporter.run() }
        defer { task.cancel() }
        #expect(try await Self.eventually { agent.service.subscriberCount == 1 })
        // The centre is down: 40 reports overflow the reporter's queue of 16 wake-ups.
        for k in 1...40 { _ = try await agent.service.report(Self.report(9, load: Double(k))) }
        #expect(try await Self.eventually { agent.service.subscriberCount == 0 })  // cut off
        let centre = try await TestServer.make {
            $0.port = port
            $0.token = "t"
        }
        // On the port the reporter was given (the test framework's live mode picks its own).
        let serving = Task { try await centre.run() }
        defer { serving.cancel() }
        #expect(try await Self.eventually(45) { try await centre.service.store.reportCount() == 40 })
        // It subscribed again, so the next report wakes it rather than going unnoticed.
        #expect(try await Self.eventually { agent.service.subscriberCount == 1 })
        _ = try await agent.service.report(Self.report(9, load: 99))
        #expect(try await Self.eventually { try await centre.service.store.reportCount() == 41 })
    }

    @Test("a registration's dcinfoSource must be an http(s) URL, and capacity is required without one")
    func registrationChecks() async throws {
        let centre = try await TestServer.make()
        defer { TestServer.stop(centre) }
        try await centre.application().test(.router) { client in
            let bad = try await client.execute(
                uri: "/clusters/x", method: .put, headers: Self.json,
                body: TestServer.body(#"{"dcinfoSource": "ftp://example.com", "pid": "b"}"#))
            #expect(try TestServer.problem(bad).problems.contains { $0.path == ".dcinfoSource" })
            let none = try await client.execute(
                uri: "/clusters/x", method: .put, headers: Self.json, body: TestServer.body(#"{"pid": "b"}"#))
            #expect(try TestServer.problem(none).problems.contains { $0.path == ".capacity" })
        }
    }
}

@Suite("The centre pulls from a data center interface that does not stream")
struct DataCenterPullTests {
    @Test("a source answering only JSON is pulled with If-None-Match, and a changed report is stored once")
    func pullFallback() async throws {
        let requests = Mutex<[String?]>([])  // each request's If-None-Match
        let load = Mutex(10.0)
        let router = Router()
        router.get("/getdcinfo") { request, _ -> Response in
            requests.withLock { $0.append(request.headers[.ifNoneMatch]) }
            let srvload = load.withLock { $0 }
            let etag = "\"v\(Int(srvload))\""
            if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
            let body =
                #"{"meta":{},"dc-info":{"dcid":"legacy","addr":"192.0.2.10","timestamp":"02 January 2014 0000H UTC","ramusage":5,"srvload":\#(Int(srvload)),"cost":1}}"#
            return Response(
                status: .ok, headers: [.contentType: ALTOMediaType.dcInfo, .eTag: etag],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let source = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let centre = try await TestServer.make { $0.followPollInterval = .milliseconds(100) }
        defer { TestServer.stop(centre) }
        try await source.test(.live) { sourceClient in
            let port = try #require(sourceClient.port)
            _ = try await centre.service.registerCluster(
                id: "legacy",
                ClusterRegistration(
                    capacity: Resources(cpu: 4), pid: "b", dcinfoSource: "http://127.0.0.1:\(port)"))
            #expect(try await DataCenterFollowingTests.eventually { centre.service.dataCenters.count == 1 })
            #expect(try await DataCenterFollowingTests.eventually { requests.withLock { $0.count } >= 5 })
            // After the first pull, every request names the ETag it has.
            #expect(requests.withLock { $0.dropFirst(2).allSatisfy { $0 == "\"v10\"" } })
            #expect(try await centre.service.store.reportCount() == 1)
            load.withLock { $0 = 60 }
            #expect(
                try await DataCenterFollowingTests.eventually { centre.service.dataCenters.first?.info.srvload == 60 })
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await centre.service.store.reportCount() == 2)
        }
    }
}
