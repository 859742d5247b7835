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

@Suite("ALTO resources over HTTP (RFC 7285)")
struct ALTOResourceTests {
    @Test("the directory lists every resource with uri, media-type, accepts, capabilities and uses")
    func directory() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(uri: "/directory", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == ALTOMediaType.directory)
            let json = try TestServer.object(response.body)
            let meta = try #require(json["meta"] as? [String: Any])
            #expect(meta["default-alto-network-map"] as? String == "default-network-map")
            let costTypes = try #require(meta["cost-types"] as? [String: [String: String]])
            #expect(costTypes["ord-hopcount"]?["cost-mode"] == "ordinal")
            #expect(costTypes.count == 4)
            let resources = try #require(json["resources"] as? [String: [String: Any]])
            #expect(
                Set(resources.keys) == [
                    "default-network-map", "costmap-routingcost-numerical", "costmap-routingcost-ordinal",
                    "costmap-hopcount-numerical", "costmap-hopcount-ordinal", "filtered-network-map",
                    "filtered-cost-map", "endpoint-property", "endpoint-cost", "dc-info", "dc-property-map",
                    "filtered-dc-property-map",
                ])
            // RFC 9240: the property maps name their mappings and what they depend on.
            let propmap = try #require(resources["filtered-dc-property-map"])
            #expect(propmap["accepts"] as? String == ALTOMediaType.propertyMapParams)
            #expect(propmap["uses"] as? [String] == ["default-network-map", "dc-info"])
            let mappings = try #require(
                (propmap["capabilities"] as? [String: Any])?["mappings"] as? [String: [String]])
            #expect(Set(mappings.keys) == ["ipv4", "ipv6", "default-network-map.pid"])
            #expect(mappings["ipv4"]?.contains("dc-info.priv:srvload") == true)
            // Absolute URIs on the authority the client used (the test client's is "localhost").
            #expect(resources["default-network-map"]?["uri"] as? String == "http://localhost/networkmap")
            let filtered = try #require(resources["filtered-cost-map"])
            #expect(filtered["accepts"] as? String == ALTOMediaType.costMapFilter)
            #expect((filtered["capabilities"] as? [String: Any])?["cost-constraints"] as? Bool == true)
            #expect(filtered["uses"] as? [String] == ["default-network-map"])
            // The endpoint cost service uses no other resource (RFC 7285 §11.5.1.5).
            #expect(resources["endpoint-cost"]?["uses"] == nil)
            let eps = try #require(resources["endpoint-property"]?["capabilities"] as? [String: [String]])
            #expect(eps["prop-types"] == ["default-network-map.pid"])
            // Every URI the directory names answers.
            for (_, resource) in resources {
                let uri = try #require(resource["uri"] as? String).replacingOccurrences(
                    of: "http://localhost", with: "")
                let method: HTTPRequest.Method = resource["accepts"] == nil ? .get : .post
                let r = try await client.execute(uri: uri, method: method)
                #expect(r.status != .notFound && r.status != .methodNotAllowed, "\(uri)")
            }
        }
    }

    @Test("the network map has one PID per node with its prefixes, a vtag, an ETag and 304 on If-None-Match")
    func networkMap() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/networkmap", method: .get,
                headers: [.accept: "application/alto-networkmap+json; charset=utf-8,application/alto-error+json"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == ALTOMediaType.networkMap)
            let json = try TestServer.object(response.body)
            let map = try #require(json["network-map"] as? [String: [String: [String]]])
            #expect(map["c"] == ["ipv4": ["192.0.2.128/25"], "ipv6": ["2001:db8::/32"]])
            #expect(map["a"] == ["ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]])
            let vtag = try #require((json["meta"] as? [String: Any])?["vtag"] as? [String: String])
            #expect(vtag["resource-id"] == "default-network-map")
            #expect(vtag["tag"] == server.network.tag)
            let etag = try #require(response.headers[.eTag])
            #expect(etag.contains(server.network.tag))
            let again = try await client.execute(uri: "/networkmap", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let other = try await client.execute(uri: "/networkmap", method: .get, headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok)
            let refused = try await client.execute(uri: "/networkmap", method: .get, headers: [.accept: "text/html"])
            #expect(refused.status == .notAcceptable)
        }
    }

    @Test("cost maps: routingcost in ms, hopcount, ordinal ranks over the whole map, dependent vtags")
    func costMaps() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            func costMap(_ path: String) async throws -> (map: [String: [String: Double]], meta: [String: Any]) {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == ALTOMediaType.costMap)
                let json = try TestServer.object(response.body)
                return (
                    try #require(json["cost-map"] as? [String: [String: Double]]),
                    try #require(json["meta"] as? [String: Any])
                )
            }
            let routing = try await costMap("/costmap/routingcost/numerical")
            #expect(routing.map["a"] == ["a": 0, "b": 1, "c": 3, "d": 7])
            #expect(routing.map["d"]?["b"] == 6)
            #expect(
                routing.meta["cost-type"] as? [String: String] == [
                    "cost-mode": "numerical", "cost-metric": "routingcost",
                ])
            let vtags = try #require(routing.meta["dependent-vtags"] as? [[String: String]])
            #expect(vtags == [["resource-id": "default-network-map", "tag": server.network.tag]])
            let hops = try await costMap("/costmap/hopcount/numerical")
            #expect(hops.map["a"] == ["a": 0, "b": 1, "c": 2, "d": 1])
            let ordinal = try await costMap("/costmap/routingcost/ordinal")
            // Distinct costs over the map: 0 1 2 3 4 6 7 → ranks 1…7.
            #expect(ordinal.map["a"] == ["a": 1, "b": 2, "c": 4, "d": 7])
            #expect(ordinal.map["c"]?["d"] == 5)
            let missing = try await client.execute(uri: "/costmap/bandwidth/numerical", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test("cached maps go gzip-encoded to clients that accept it, with their own ETag and Vary")
    func gzipEncoding() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let plain = try await client.execute(uri: "/costmap/routingcost/numerical", method: .get)
            let zipped = try await client.execute(
                uri: "/costmap/routingcost/numerical", method: .get, headers: [.acceptEncoding: "br;q=1, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(Gzip.decompress(Array(zipped.body.readableBytesView)) == Array(plain.body.readableBytesView))
            let etag = try #require(zipped.headers[.eTag])
            #expect(etag != plain.headers[.eTag])
            let cached = try await client.execute(
                uri: "/costmap/routingcost/numerical", method: .get,
                headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            let refused = try await client.execute(
                uri: "/networkmap", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
        }
    }

    @Test("filtered network map: selected PIDs and address types, unknown PIDs ignored, empty list is all")
    func filteredNetworkMap() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let type: HTTPFields = [.contentType: "application/alto-networkmapfilter+json; charset=utf-8"]
            let response = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: type,
                body: TestServer.body(#"{"pids": ["c", "nope", "c"], "address-types": ["ipv6"]}"#))
            #expect(response.status == .ok)
            let map = try #require(try TestServer.object(response.body)["network-map"] as? [String: [String: [String]]])
            #expect(map == ["c": ["ipv6": ["2001:db8::/32"]]])
            let all = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: type, body: TestServer.body(#"{"pids": []}"#))
            #expect((try TestServer.object(all.body)["network-map"] as? [String: Any])?.count == 4)
            // An address type the server does not know is refused, naming it (RFC 7285 §11.3.1.3).
            let unknown = try await client.execute(
                uri: "/networkmap/filtered", method: .post, headers: type,
                body: TestServer.body(#"{"pids": [], "address-types": ["ipv5"]}"#))
            #expect(unknown.status == .badRequest)
            let meta = try #require(try TestServer.object(unknown.body)["meta"] as? [String: Any])
            #expect(meta["code"] as? String == "E_INVALID_FIELD_VALUE")
            #expect(meta["field"] as? String == "address-types")
            #expect(meta["value"] as? String == "ipv5")
        }
    }

    @Test("filtered cost map: sources, destinations and constraints (AND), in the requested mode")
    func filteredCostMap() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let type: HTTPFields = [.contentType: ALTOMediaType.costMapFilter]
            let response = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: type,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "pids": {"srcs": ["a", "b"], "dsts": ["b", "c", "d"]}, "constraints": ["le 6", "gt 1"]}"#
                ))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == ALTOMediaType.costMap)
            let map = try #require(try TestServer.object(response.body)["cost-map"] as? [String: [String: Double]])
            #expect(map == ["a": ["c": 3], "b": ["c": 2, "d": 6]])
            let ordinal = try await client.execute(
                uri: "/costmap/filtered", method: .post, headers: type,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "ordinal", "cost-metric": "hopcount"}, "pids": {"srcs": ["a"], "dsts": []}}"#
                ))
            let ranks = try #require(try TestServer.object(ordinal.body)["cost-map"] as? [String: [String: Double]])
            #expect(ranks == ["a": ["a": 1, "b": 2, "c": 3, "d": 2]])
            // PIDFilter's srcs and dsts are both required (RFC 7285 §11.3.2.3).
            for (body, field) in [
                (#"{"srcs": ["a"]}"#, "pids/dsts"), (#"{"dsts": ["a"]}"#, "pids/srcs"),
            ] {
                let missing = try await client.execute(
                    uri: "/costmap/filtered", method: .post, headers: type,
                    body: TestServer.body(
                        #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "pids": \#(body)}"#))
                #expect(missing.status == .badRequest)
                let meta = try #require(try TestServer.object(missing.body)["meta"] as? [String: Any])
                #expect(meta["code"] as? String == "E_MISSING_FIELD")
                #expect(meta["field"] as? String == field)
            }
        }
    }

    @Test("endpoint properties: the PID of each address by longest prefix")
    func endpointProperties() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/endpointprop/lookup", method: .post,
                headers: [.contentType: ALTOMediaType.endpointPropertyParams],
                body: TestServer.body(
                    #"{"properties": ["default-network-map.pid"], "endpoints": ["ipv4:192.0.2.5", "ipv4:192.0.2.200", "ipv6:2001:db8::1", "ipv4:203.0.113.1"]}"#
                ))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == ALTOMediaType.endpointProperty)
            let json = try TestServer.object(response.body)
            let props = try #require(json["endpoint-properties"] as? [String: [String: String]])
            let pid = "default-network-map.pid"
            #expect(props["ipv4:192.0.2.5"] == [pid: "b"])
            #expect(props["ipv4:192.0.2.200"] == [pid: "c"])
            #expect(props["ipv6:2001:db8::1"] == [pid: "c"])
            #expect(props["ipv4:203.0.113.1"] == [pid: "a"])
            let vtags = try #require((json["meta"] as? [String: Any])?["dependent-vtags"] as? [[String: String]])
            #expect(vtags.first?["tag"] == server.network.tag)
        }
    }

    @Test("endpoint costs: the cost between the endpoints' PIDs, numerical and ordinal")
    func endpointCosts() async throws {
        let server = try await TestServer.make()
        defer { TestServer.stop(server) }
        try await server.application().test(.router) { client in
            let type: HTTPFields = [.contentType: ALTOMediaType.endpointCostParams]
            let response = try await client.execute(
                uri: "/endpointcost/lookup", method: .post, headers: type,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}, "endpoints": {"srcs": ["ipv4:192.0.2.5"], "dsts": ["ipv4:198.51.100.1", "ipv4:192.0.2.200", "ipv6:2001:db8::7"]}}"#
                ))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == ALTOMediaType.endpointCost)
            let json = try TestServer.object(response.body)
            let map = try #require(json["endpoint-cost-map"] as? [String: [String: Double]])
            #expect(map == ["ipv4:192.0.2.5": ["ipv4:198.51.100.1": 6, "ipv4:192.0.2.200": 2, "ipv6:2001:db8::7": 2]])
            #expect(
                (json["meta"] as? [String: Any])?["cost-type"] as? [String: String] == [
                    "cost-mode": "numerical", "cost-metric": "routingcost",
                ])
            let ordinal = try await client.execute(
                uri: "/endpointcost/lookup", method: .post, headers: type,
                body: TestServer.body(
                    #"{"cost-type": {"cost-mode": "ordinal", "cost-metric": "routingcost"}, "endpoints": {"srcs": ["ipv4:192.0.2.5"], "dsts": ["ipv4:198.51.100.1", "ipv4:192.0.2.200"]}}"#
                ))
            let ranks = try #require(
                try TestServer.object(ordinal.body)["endpoint-cost-map"] as? [String: [String: Double]])
            #expect(ranks == ["ipv4:192.0.2.5": ["ipv4:198.51.100.1": 2, "ipv4:192.0.2.200": 1]])
        }
    }
}
