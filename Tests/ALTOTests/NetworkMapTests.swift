import ALTO
import Foundation
import Matrix
import Testing
import Topology

@Suite("Network map: prefixes, longest match, completeness")
struct NetworkMapTests {
    static func topology(_ prefixes: [[String]]) -> Topology {
        Topology(
            nodes: prefixes.enumerated().map { Topology.Node(id: "n\($0.offset)", prefixes: $0.element) },
            links: [])
    }

    @Test("addresses and prefixes parse, print canonically and reject host bits")
    func parsing() throws {
        #expect(IPAddress(typed: "ipv4:192.0.2.34")?.description == "192.0.2.34")
        #expect(IPAddress(typed: "ipv6:2001:DB8:0:0::1")?.description == "2001:db8::1")
        #expect(IPAddress(typed: "ipv4:2001:db8::1") == nil)
        #expect(IPAddress(typed: "ipv5:1.2.3.4") == nil)
        #expect(IPAddress(typed: "192.0.2.1") == nil)
        #expect(try IPPrefix.parse("10.0.0.0/8").get().description == "10.0.0.0/8")
        #expect(try IPPrefix.parse("2001:db8::/32").get().length == 32)
        #expect((try? IPPrefix.parse("10.0.0.1/8").get()) == nil)
        #expect((try? IPPrefix.parse("10.0.0.0/33").get()) == nil)
        #expect((try? IPPrefix.parse("nonsense").get()) == nil)
    }

    @Test("longest prefix wins between nested prefixes of different PIDs (RFC 7285 §11.2.2)")
    func longestMatch() throws {
        let map = try NetworkMap(
            topology: Self.topology([["0.0.0.0/0"], ["192.0.2.0/24"], ["192.0.2.0/25", "192.0.2.128/25"]]))
        #expect(map.pidIndex(of: IPAddress("192.0.2.1", family: .ipv4)!) == 2)
        #expect(map.pidIndex(of: IPAddress("192.0.2.200", family: .ipv4)!) == 2)
        #expect(map.pidIndex(of: IPAddress("192.0.3.1", family: .ipv4)!) == 0)
        #expect(map.pidIndex(of: IPAddress("2001:db8::1", family: .ipv6)!) == nil)  // no IPv6 in the map
        #expect(map.isComplete)
    }

    @Test("an incomplete map gets the whole space on the default node; the default plan is complete")
    func completeness() throws {
        let partial = try NetworkMap(topology: Self.topology([["192.0.2.0/24"], ["2001:db8::/32"]]), defaultNode: "n1")
        #expect(partial.prefixes[1].map(\.description).contains("0.0.0.0/0"))
        #expect(partial.prefixes[1].map(\.description).contains("::/0"))
        #expect(partial.pidIndex(of: IPAddress("203.0.113.9", family: .ipv4)!) == 1)
        #expect(partial.pidIndex(of: IPAddress("192.0.2.9", family: .ipv4)!) == 0)
        #expect(partial.isComplete)
        let plan = try NetworkMap(topology: Self.topology(Array(repeating: [], count: 300)))
        #expect(plan.prefixes[299].map(\.description) == ["10.1.43.0/24", "fd00:0:0:12b::/64"])
        #expect(plan.prefixes[0].map(\.description) == ["10.0.0.0/24", "fd00::/64", "0.0.0.0/0", "::/0"])
        #expect(plan.pidIndex(of: IPAddress("10.1.43.7", family: .ipv4)!) == 299)
        #expect(plan.isComplete)
    }

    @Test("the same prefix in two PIDs, a malformed prefix and a node without prefixes are all reported")
    func problems() {
        #expect {
            try NetworkMap(topology: Self.topology([["192.0.2.0/24"], ["192.0.2.0/24", "10.0.0.1/8"], []]))
        } throws: { error in
            let problems = (error as? NetworkMapError)?.problems ?? []
            return problems.count == 3
                && problems.contains { $0.contains("192.0.2.0/24 is in both \"n0\" and \"n1\"") }
                && problems.contains { $0.contains("bits set") }
                && problems.contains { $0.contains("\"n2\" has no prefixes") }
        }
    }

    @Test("topology JSON carries node prefixes through a round trip")
    func jsonPrefixes() throws {
        let text = #"{"nodes":[{"id":"a","prefixes":["192.0.2.0/24"]},{"id":"b"}],"links":[]}"#
        let topology = try Topology.parseJSON(text, source: "t")
        #expect(topology.nodes[0].prefixes == ["192.0.2.0/24"])
        #expect(try Topology.parseJSON(topology.jsonString(), source: "again") == topology)
        #expect(throws: TopologyError.self) {
            try Topology.parseJSON(#"{"nodes":[{"id":"a","prefixes":"192.0.2.0/24"}],"links":[]}"#, source: "t")
        }
    }

    @Test("the bundled topology equals Data/topologies/metro-edge.json")
    func bundled() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent(BundledTopology.name), encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == BundledTopology.json)
    }
}
