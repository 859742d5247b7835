import ALTO
import Foundation
import Matrix
import Testing
import Topology

@Suite("ALTO cost maps")
struct CostMapDocumentTests {
    static func document(
        _ ids: [String], arcs: [(Int32, Int32, Float)], metric: CostMetric = .routingcost, mode: CostMode = .numerical
    ) -> CostMapDocument {
        let algebra = metric.algebra
        let graph = Graph(
            nodeCount: ids.count, arcs: arcs.map { .init(source: $0.0, target: $0.1, weight: $0.2) }, algebra: algebra)
        return CostMapDocument(
            nodeIDs: ids, matrix: AllPairsEngine().costs(graph), metric: metric, mode: mode, networkMapTag: "t1")
    }

    @Test("PID names are valid, unique and stable, whatever the node ids")
    func pidNames() {
        let ids = [
            "a.b", "a_b", "", "Zürich", String(repeating: "x", count: 80), String(repeating: "x", count: 81),
            "ok:1@x-y",
        ]
        let names = PIDNaming.names(for: ids)
        #expect(names.allSatisfy(PIDNaming.isValid))
        #expect(Set(names).count == ids.count)
        #expect(names[0] == "a_b" && names[1] == "a_b-2")
        #expect(names[2] == "pid")
        #expect(names[6] == "ok:1@x-y")
        #expect(names[4] != names[5] && names[4].count == 64)
        #expect(PIDNaming.names(for: ids) == names)
        #expect(!PIDNaming.isValid("a.b") && !PIDNaming.isValid(""))
    }

    @Test("the ALTO cost map parses as JSON with the RFC 7285 fields and omits unreachable pairs")
    func altoShape() throws {
        let doc = Self.document(["A", "B", "C"], arcs: [(0, 1, 2.5), (1, 0, 2.5)])
        let json = try #require(JSONSerialization.jsonObject(with: Data(doc.altoJSON().utf8)) as? [String: Any])
        let meta = try #require(json["meta"] as? [String: Any])
        let costType = try #require(meta["cost-type"] as? [String: String])
        #expect(costType == ["cost-mode": "numerical", "cost-metric": "routingcost"])
        let vtags = try #require(meta["dependent-vtags"] as? [[String: String]])
        #expect(vtags == [["resource-id": "default-network-map", "tag": "t1"]])
        let map = try #require(json["cost-map"] as? [String: [String: Double]])
        #expect(map["A"] == ["A": 0, "B": 2.5])
        #expect(map["C"] == ["C": 0])
    }

    @Test("ordinal mode ranks costs from 1 across the whole map (RFC 7285 §6.2), ties sharing a rank")
    func ordinal() throws {
        let doc = Self.document(
            ["A", "B", "C", "D"], arcs: [(0, 1, 5), (0, 2, 5), (0, 3, 9), (1, 3, 9)], mode: .ordinal)
        let json = try #require(JSONSerialization.jsonObject(with: Data(doc.altoJSON().utf8)) as? [String: Any])
        let map = try #require(json["cost-map"] as? [String: [String: Double]])
        #expect(map["A"] == ["A": 1, "B": 2, "C": 2, "D": 3])
        #expect(map["B"] == ["B": 1, "D": 3])  // per-row ranking would give D rank 2
        #expect(doc.csv().contains("B,D,3\n"))
    }

    @Test("bandwidth maps publish bw-available and leave out self-pairs")
    func bandwidth() throws {
        let doc = Self.document(
            ["A", "B", "C"], arcs: [(0, 1, 100), (1, 2, 40), (1, 0, 100), (2, 1, 40)], metric: .bandwidth)
        let json = try #require(JSONSerialization.jsonObject(with: Data(doc.altoJSON().utf8)) as? [String: Any])
        let map = try #require(json["cost-map"] as? [String: [String: Double]])
        #expect(map["A"] == ["B": 100, "C": 40])
        #expect(doc.altoMetricName == "bw-available")
    }

    @Test("CSV uses the input's node ids, quoting ids with commas")
    func csv() {
        let doc = Self.document(["x,1", "y"], arcs: [(0, 1, 1.5)])
        #expect(doc.csv() == "source,target,cost\n\"x,1\",\"x,1\",0\n\"x,1\",y,1.5\ny,y,0\n")
    }

    @Test("the network map tag changes when the topology changes")
    func tagFollowsContent() throws {
        let topology = try Topology.parseJSON(
            Array(
                #"{"nodes": [{"id": "A"}, {"id": "B"}], "links": [{"source": "A", "target": "B", "delay": 1}]}"#.utf8),
            source: "t")
        let map = try NetworkMap(topology: topology)
        let a = try topology.resolved()
        var b = a
        b.arcs[0].delay = 2
        var c = a
        c.arcs[0].bandwidth = 100
        #expect(map.versionTag(over: a) == map.versionTag(over: a))
        #expect(map.versionTag(over: a) != map.versionTag(over: b))
        #expect(map.versionTag(over: a) != map.versionTag(over: c))
    }

    @Test("costs print to 6 significant digits, hiding Float summation noise")
    func numbers() {
        #expect(CostMapRenderer.number(Double(Float(0.3) + Float(0.4))) == "0.7")
        #expect(CostMapRenderer.number(12.5) == "12.5")
        #expect(CostMapRenderer.number(7) == "7")
        #expect(CostMapRenderer.number(0) == "0")
        #expect(CostMapRenderer.number(1_234_567.8) == "1234570")
        #expect(CostMapRenderer.number(0.000123456789) == "0.000123457")
        #expect(CostMapRenderer.number(-2.5) == "-2.5")
    }
}
