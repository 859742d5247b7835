import Foundation
import Testing
import Topology

/// Reading topology files (JSON and Topology Zoo GML), validating them, and resolving them
/// into directed arcs with delays.
@Suite("Topology parsing and resolution")
struct TopologyParsingTests {
    // MARK: Helpers

    /// The package root, three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func dataFile(_ name: String) -> String {
        packageRoot.appendingPathComponent("Data/topologies/\(name)").path
    }

    /// Writes `text` to a fresh temporary file named `name` and returns its path.
    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("altoplace-topology-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func jsonError(_ text: String, source: String = "net.json") throws -> TopologyError {
        try #require(throws: TopologyError.self) { try Topology.parseJSON(text, source: source) }
    }

    static func gmlError(_ text: String, source: String = "net.gml") throws -> TopologyError {
        try #require(throws: TopologyError.self) { try Topology.parseGML(text, source: source) }
    }

    static func resolveError(_ topology: Topology, _ options: ResolutionOptions = .init()) throws -> TopologyError {
        try #require(throws: TopologyError.self) { try topology.resolved(options) }
    }

    /// Whether some problem sits at `line` (if given) and `element` (if given) with a
    /// message containing `text`.
    static func has(
        _ error: TopologyError, line: Int? = nil, element: String? = nil, _ text: String
    ) -> Bool {
        error.problems.contains { problem in
            (line == nil || problem.line == line) && (element == nil || problem.element == element)
                && problem.message.contains(text)
        }
    }

    /// The arc from `source` to `target` (indices), if any.
    static func arc(_ resolved: ResolvedTopology, _ source: Int32, _ target: Int32) -> ResolvedTopology.Arc? {
        resolved.arcs.first { $0.source == source && $0.target == target }
    }

    /// Great-circle distance in km (haversine, R = 6371 km), computed independently here.
    static func haversine(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = Double.pi / 180
        let h =
            pow(sin((lat2 - lat1) * r / 2), 2) + cos(lat1 * r) * cos(lat2 * r) * pow(sin((lon2 - lon1) * r / 2), 2)
        return 2 * 6371 * asin(h.squareRoot())
    }

    // MARK: JSON

    static let validJSON = """
        {
          "nodes": [
            {"id": "A", "label": "Atlanta", "latitude": 33.749, "longitude": -84.388, "pop": true},
            {"id": "B", "latitude": null},
            {"id": "C"}
          ],
          "links": [
            {"source": "A", "target": "B", "delay": 3.5, "bandwidth": 10000},
            {"source": "B", "target": "C", "delay": 0}
          ],
          "comment": "unknown keys are ignored"
        }
        """

    @Test("valid JSON gives nodes, links, ids, units and undirected by default")
    func parsesValidJSON() throws {
        let topology = try Topology.parseJSON(Self.validJSON, source: "net.json")
        #expect(topology.nodes.map(\.id) == ["A", "B", "C"])
        #expect(topology.directed == false)
        #expect(topology.nodes[0] == Topology.Node(id: "A", label: "Atlanta", latitude: 33.749, longitude: -84.388))
        #expect(topology.nodes[1] == Topology.Node(id: "B"))
        #expect(
            topology.links == [
                Topology.Link(source: 0, target: 1, delay: 3.5, bandwidth: 10000),
                Topology.Link(source: 1, target: 2, delay: 0, bandwidth: nil),
            ])
    }

    @Test("JSON bytes and text parse to the same topology")
    func parsesJSONBytes() throws {
        let fromBytes = try Topology.parseJSON(Array(Self.validJSON.utf8), source: "net.json")
        #expect(fromBytes == (try Topology.parseJSON(Self.validJSON, source: "net.json")))
    }

    @Test("JSON numeric ids become their decimal text and links may use either form")
    func jsonNumericIDs() throws {
        let topology = try Topology.parseJSON(
            """
            {"nodes": [{"id": 12}, {"id": "7"}, {"id": 1.5}],
             "links": [{"source": "12", "target": 7}, {"source": 1.5, "target": 12}]}
            """, source: "ids.json")
        #expect(topology.nodes.map(\.id) == ["12", "7", "1.5"])
        #expect(topology.links.map(\.source) == [0, 2])
        #expect(topology.links.map(\.target) == [1, 0])
    }

    @Test("JSON \"directed\": true makes a directed topology")
    func jsonDirected() throws {
        let topology = try Topology.parseJSON(
            #"{"directed": true, "nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}]}"#,
            source: "d.json")
        #expect(topology.directed)
    }

    @Test("jsonString round-trips through parseJSON, including awkward text and numbers")
    func jsonRoundTrip() throws {
        let original = Topology(
            nodes: [
                .init(id: "quote\"back\\slash", label: "tab\tnew\nline \u{1}", latitude: -33.8688, longitude: 151.2093),
                .init(id: "Zürich 🇨🇭", label: nil, latitude: 0.1 + 0.2, longitude: -0.0),
                .init(id: "12"),
            ],
            links: [
                .init(source: 0, target: 1, delay: 1e-7, bandwidth: 123_456_789_012.5),
                .init(source: 1, target: 2, delay: nil, bandwidth: 0.001),
                .init(source: 2, target: 0, delay: 0, bandwidth: nil),
            ],
            directed: true)
        let text = original.jsonString()
        let parsed = try Topology.parseJSON(text, source: "round.json")
        #expect(parsed.nodes == original.nodes)
        #expect(parsed.links == original.links)
        #expect(parsed.directed == original.directed)
        // 5 lines of framing, then one line per node and per link.
        #expect(text.split(separator: "\n").count == 5 + 3 + 3 + 2)
    }

    @Test("jsonString round-trips random coordinates and metrics bit for bit (seeds 0..<8)", arguments: 0..<8)
    func jsonRoundTripRandom(seed: Int) throws {
        var state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15
        func unit() -> Double {  // SplitMix64 step, then 53 bits into [0, 1)
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let nodes = (0..<200).map { index in
            Topology.Node(id: "n\(index)", latitude: unit() * 180 - 90, longitude: unit() * 360 - 180)
        }
        let links = (0..<400).map { index in
            Topology.Link(
                source: index % 200, target: (index * 7 + 1) % 200, delay: unit() * 50, bandwidth: 1 + unit() * 1e5)
        }
        let original = Topology(nodes: nodes, links: links)
        #expect(try Topology.parseJSON(original.jsonString(), source: "random.json") == original)
    }

    @Test("jsonString of an empty topology is valid JSON with empty arrays")
    func jsonEmptyTopology() throws {
        let text = Topology(nodes: [], links: []).jsonString()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["nodes"] as? [Any])?.isEmpty == true)
        #expect((object["links"] as? [Any])?.isEmpty == true)
    }

    // MARK: GML

    static let validGML = """
        Creator "test"
        # a comment line
        graph [
          DateObtained "3/02/11"
          node [
            id 0
            label "Vienna"
            Longitude 16.37208
            Internal 1
            Latitude 48.20849
          ]
          node [ id 1 label "Graz" Latitude 47.06667 Longitude 15.45 ]
          node [
            id 2
            label "Graz"   # labels repeat in the Zoo
          ]
          edge [
            source 0
            target 1
            LinkSpeedRaw 10000000000.0
            LinkLabel "10 Gbps"
          ]
          edge [ source 1 target 2 delay 1.25 LinkSpeedRaw 2.5e9 ]
          edge [ source 0 target 1 id "e3" ]
        ]
        """

    @Test("valid GML gives integer ids as text, labels, coordinates, and LinkSpeedRaw in Mbit/s")
    func parsesValidGML() throws {
        let topology = try Topology.parseGML(Self.validGML, source: "at.gml")
        #expect(topology.nodes.map(\.id) == ["0", "1", "2"])
        #expect(topology.nodes.map(\.label) == ["Vienna", "Graz", "Graz"])
        #expect(topology.nodes[0].latitude == 48.20849 && topology.nodes[0].longitude == 16.37208)
        #expect(topology.nodes[2].latitude == nil && topology.nodes[2].longitude == nil)
        #expect(topology.directed == false)
        #expect(
            topology.links == [
                Topology.Link(source: 0, target: 1, delay: nil, bandwidth: 10_000),
                Topology.Link(source: 1, target: 2, delay: 1.25, bandwidth: 2_500),
                Topology.Link(source: 0, target: 1, delay: nil, bandwidth: nil),
            ])
    }

    @Test("GML directed 1 makes a directed topology; string ids, entities and lowercase coordinates are read")
    func gmlDirectedAndStrings() throws {
        let topology = try Topology.parseGML(
            """
            graph [ directed 1 multigraph 1
              node [ id "pop-a" label "AT&amp;T &#233;" latitude 1.5 longitude -2 ]
              node [ id +07 ]
              edge [ source "pop-a" target 7 ]
            ]
            """, source: "d.gml")
        #expect(topology.directed)
        #expect(topology.nodes.map(\.id) == ["pop-a", "7"])
        #expect(topology.nodes[0].label == "AT&T é")
        #expect(topology.nodes[0].latitude == 1.5 && topology.nodes[0].longitude == -2)
        #expect(topology.links == [Topology.Link(source: 0, target: 1)])
    }

    @Test("GML edges may come before the nodes they join")
    func gmlEdgesBeforeNodes() throws {
        let topology = try Topology.parseGML(
            "graph [ edge [ source 1 target 0 ] node [ id 0 ] node [ id 1 ] ]", source: "order.gml")
        #expect(topology.links == [Topology.Link(source: 1, target: 0)])
    }

    // MARK: Loading files

    @Test("load picks the format from the extension, else from the first character")
    func loadPicksFormat() throws {
        let json = #"{"nodes": [{"id": "x"}], "links": []}"#
        let gml = "graph [ node [ id 5 ] ]"
        #expect(try Topology.load(contentsOf: Self.temporaryFile("a.json", json)).nodes.map(\.id) == ["x"])
        #expect(try Topology.load(contentsOf: Self.temporaryFile("a.GML", gml)).nodes.map(\.id) == ["5"])
        #expect(try Topology.load(contentsOf: Self.temporaryFile("a.topo", "\n  " + json)).nodes.map(\.id) == ["x"])
        #expect(try Topology.load(contentsOf: Self.temporaryFile("a.txt", gml)).nodes.map(\.id) == ["5"])
    }

    @Test("load names the path when the file is missing")
    func loadMissingFile() throws {
        let path = "/nonexistent/altoplace/none.json"
        let error = try #require(throws: TopologyError.self) { try Topology.load(contentsOf: path) }
        #expect(error.source == path)
        #expect(error.description == "\(path): no such file")
    }

    @Test("load reports errors with the path and line")
    func loadReportsPath() throws {
        let path = try Self.temporaryFile("bad.gml", "graph [\n  node [ id 0 ]\n  edge [ source 0 target 9 ]\n]\n")
        let error = try #require(throws: TopologyError.self) { try Topology.load(contentsOf: path) }
        #expect(error.description == "\(path):3: edge[0]: target \"9\" is not a node id")
    }

    // MARK: Shipped data

    static let dataFiles: [(name: String, nodes: Int, links: Int)] = [
        ("triangle.json", 3, 3), ("metro-edge.json", 12, 16), ("us-backbone.json", 14, 23),
        ("europe-backbone.gml", 18, 27),
    ]

    @Test("every topology in Data/topologies parses and resolves", arguments: dataFiles)
    func dataFileParses(file: (name: String, nodes: Int, links: Int)) throws {
        let topology = try Topology.load(contentsOf: Self.dataFile(file.name))
        #expect(topology.nodes.count == file.nodes)
        #expect(topology.links.count == file.links)
        let resolved = try topology.resolved()
        #expect(resolved.nodeIDs.count == file.nodes)
        #expect(resolved.arcs.allSatisfy { $0.delay.isFinite && $0.delay >= 0 && $0.source != $0.target })
    }

    @Test("the JSON data files resolve without warnings")
    func jsonDataFilesHaveNoWarnings() throws {
        for name in ["triangle.json", "metro-edge.json", "us-backbone.json"] {
            let resolved = try Topology.load(contentsOf: Self.dataFile(name)).resolved()
            #expect(resolved.warnings.isEmpty, "\(name): \(resolved.warnings)")
        }
    }

    @Test("europe-backbone.gml places Luxembourg and merges the parallel Amsterdam–Frankfurt edge")
    func europeBackbone() throws {
        let topology = try Topology.load(contentsOf: Self.dataFile("europe-backbone.gml"))
        let resolved = try topology.resolved()
        #expect(resolved.arcs.count == 2 * 26)
        let amsterdam = try #require(resolved.nodeIDs.firstIndex(of: "2"))
        let frankfurt = try #require(resolved.nodeIDs.firstIndex(of: "4"))
        #expect(Self.arc(resolved, Int32(amsterdam), Int32(frankfurt))?.bandwidth == 40_000)
        #expect(
            resolved.warnings.contains { $0.contains("\"17\" (label \"Luxembourg\")") && $0.contains("3 neighbours") })
        #expect(resolved.warnings.contains { $0.contains("links[9] parallels links[8]") })
    }

    // MARK: Resolution

    @Test("derived delay is the haversine distance over 200 km/ms (Nashville–Los Angeles within 0.5%)")
    func haversineDelay() throws {
        // Rosetta Code "Haversine formula": BNA (36.12, -86.67) to LAX (33.94, -118.40) is
        // 2887.26 km (with R = 6372.8 km; 6371 km changes it by 0.03%).
        let topology = Topology(
            nodes: [
                .init(id: "BNA", latitude: 36.12, longitude: -86.67),
                .init(id: "LAX", latitude: 33.94, longitude: -118.40),
            ],
            links: [.init(source: 0, target: 1)])
        let delay = try #require(try topology.resolved().arcs.first?.delay)
        let expected = 2887.26 / 200
        #expect(abs(Double(delay) - expected) / expected < 0.005)
    }

    @Test("an explicit delay wins over coordinates, and zero delay is allowed")
    func explicitDelayWins() throws {
        let topology = Topology(
            nodes: [.init(id: "a", latitude: 0, longitude: 0), .init(id: "b", latitude: 0, longitude: 90)],
            links: [.init(source: 0, target: 1, delay: 0)])
        #expect(try topology.resolved().arcs.map(\.delay) == [0, 0])
    }

    @Test("an undirected link becomes one arc each way, sorted by source then target")
    func undirectedBothWays() throws {
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c")],
            links: [.init(source: 2, target: 0, delay: 5, bandwidth: 100), .init(source: 0, target: 1, delay: 1)])
        let resolved = try topology.resolved()
        #expect(
            resolved.arcs == [
                .init(source: 0, target: 1, delay: 1, bandwidth: nil),
                .init(source: 0, target: 2, delay: 5, bandwidth: 100),
                .init(source: 1, target: 0, delay: 1, bandwidth: nil),
                .init(source: 2, target: 0, delay: 5, bandwidth: 100),
            ])
        #expect(resolved.nodeIDs == ["a", "b", "c"])
        #expect(resolved.warnings.isEmpty)
    }

    @Test("a directed link becomes one arc, and opposite directed links are not merged")
    func directedOneWay() throws {
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c")],
            links: [
                .init(source: 0, target: 1, delay: 1), .init(source: 1, target: 0, delay: 7),
                .init(source: 1, target: 2, delay: 2),
            ],
            directed: true)
        let resolved = try topology.resolved()
        #expect(
            resolved.arcs == [
                .init(source: 0, target: 1, delay: 1), .init(source: 1, target: 0, delay: 7),
                .init(source: 1, target: 2, delay: 2),
            ])
        #expect(resolved.warnings.isEmpty)
    }

    @Test("parallel links merge into the lowest delay and the highest bandwidth, with a warning")
    func parallelLinksMerge() throws {
        // The fast link is the thin one, so a "pick one link" merge would fail one check.
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b")],
            links: [
                .init(source: 0, target: 1, delay: 2, bandwidth: 1_000),
                .init(source: 1, target: 0, delay: 9, bandwidth: 40_000),
                .init(source: 0, target: 1, delay: 5, bandwidth: nil),
            ])
        let resolved = try topology.resolved()
        #expect(
            resolved.arcs == [
                .init(source: 0, target: 1, delay: 2, bandwidth: 40_000),
                .init(source: 1, target: 0, delay: 2, bandwidth: 40_000),
            ])
        #expect(resolved.warnings.count == 2)
        #expect(resolved.warnings.allSatisfy { $0.contains("parallels links[0]") })
    }

    @Test("directed parallel links merge only when they point the same way")
    func directedParallelLinksMerge() throws {
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b")],
            links: [.init(source: 0, target: 1, delay: 4), .init(source: 0, target: 1, delay: 3, bandwidth: 10)],
            directed: true)
        #expect(try topology.resolved().arcs == [.init(source: 0, target: 1, delay: 3, bandwidth: 10)])
    }

    @Test("a self-loop is dropped with a warning naming it")
    func selfLoopDropped() throws {
        let topology = Topology(
            nodes: [.init(id: "a", label: "Alpha"), .init(id: "b")],
            links: [.init(source: 0, target: 0, delay: 1), .init(source: 0, target: 1, delay: 1)])
        let resolved = try topology.resolved()
        #expect(resolved.arcs.count == 2)
        #expect(resolved.arcs.allSatisfy { $0.source != $0.target })
        #expect(resolved.warnings == ["links[0] is a self-loop on node \"a\" (label \"Alpha\"); dropped"])
    }

    @Test("a node without coordinates is placed at the spherical mean of its neighbours, with a warning")
    func missingCoordinatesPlaced() throws {
        // x sits between p (0°, 0°) and q (0°, 10°): placed at (0°, 5°). y hangs off x only, so
        // it is placed at x in a second round and the y–x delay is 0.
        let topology = Topology(
            nodes: [
                .init(id: "p", latitude: 0, longitude: 0), .init(id: "q", latitude: 0, longitude: 10),
                .init(id: "x", label: "Middle"), .init(id: "y"),
            ],
            links: [.init(source: 2, target: 0), .init(source: 1, target: 2), .init(source: 3, target: 2)])
        let resolved = try topology.resolved()
        let expected = Self.haversine(0, 0, 0, 5) / 200
        let px = try #require(Self.arc(resolved, 0, 2)?.delay)
        let qx = try #require(Self.arc(resolved, 1, 2)?.delay)
        let yx = try #require(Self.arc(resolved, 3, 2)?.delay)
        #expect(abs(Double(px) - expected) < 1e-4)
        #expect(abs(Double(qx) - expected) < 1e-4)
        #expect(abs(Double(yx)) < 1e-4)
        #expect(resolved.warnings.count == 2)
        #expect(
            resolved.warnings.contains {
                $0.hasPrefix(
                    "node \"x\" (label \"Middle\") has no coordinates; placed at the spherical mean of 2 neighbours")
            })
        #expect(
            resolved.warnings.contains {
                $0.hasPrefix(
                    "node \"y\" has no coordinates; placed at the spherical mean of 1 neighbour (itself placed the same way)"
                )
            })
    }

    @Test("placement is a spherical mean, so it works across the antimeridian")
    func placementAcrossAntimeridian() throws {
        // Neighbours at 179°E and 179°W: the mean is at 180°, 1° from each (not at 0°).
        let topology = Topology(
            nodes: [
                .init(id: "e", latitude: 0, longitude: 179), .init(id: "w", latitude: 0, longitude: -179),
                .init(id: "x"),
            ],
            links: [.init(source: 2, target: 0), .init(source: 2, target: 1)])
        let delay = try #require(Self.arc(try topology.resolved(), 2, 0)?.delay)
        #expect(abs(Double(delay) - Self.haversine(0, 0, 0, 1) / 200) < 1e-3)
    }

    @Test("nodes without coordinates whose links all have delays cause no placement and no warning")
    func explicitDelaysNeedNoPlacement() throws {
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b")], links: [.init(source: 0, target: 1, delay: 3)])
        #expect(try topology.resolved().warnings.isEmpty)
    }

    @Test("a link whose endpoint cannot be placed takes the default delay, with a warning")
    func defaultDelayFallback() throws {
        // {a, b} has no coordinates anywhere, so neither can be placed; c is placed but isolated.
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c", latitude: 1, longitude: 1)],
            links: [.init(source: 0, target: 1)])
        let resolved = try topology.resolved(.init(defaultDelay: 7.5))
        #expect(resolved.arcs == [.init(source: 0, target: 1, delay: 7.5), .init(source: 1, target: 0, delay: 7.5)])
        #expect(
            resolved.warnings == [
                "links[0] (\"a\"–\"b\") has no delay and nodes \"a\" and \"b\" have no position; used the default delay of 7.5 ms"
            ])
    }

    @Test("a link with no derivable delay and no default is an error naming every such link")
    func missingDelayIsAnError() throws {
        // The component {a, b, d} has no coordinates; links[1] has a delay and is fine.
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c", latitude: 1, longitude: 1), .init(id: "d")],
            links: [.init(source: 0, target: 1), .init(source: 1, target: 0, delay: 2), .init(source: 3, target: 0)])
        let error = try Self.resolveError(topology)
        #expect(error.source == "topology")
        #expect(error.problems.count == 2)
        #expect(Self.has(error, element: "links[0]", "nodes \"a\" and \"b\" have no position"))
        #expect(Self.has(error, element: "links[2]", "nodes \"d\" and \"a\" have no position"))
        #expect(error.description.hasPrefix("topology: links[0]: no delay"))
    }

    @Test("a node placed from one neighbour can make another placeable, but never from nothing")
    func placementNeedsSomePosition() throws {
        // b is placed from c; a then from b. The a–b delay is derived, so no error.
        let topology = Topology(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c", latitude: 1, longitude: 1)],
            links: [.init(source: 0, target: 1), .init(source: 1, target: 2, delay: 2)])
        let resolved = try topology.resolved()
        #expect(Self.arc(resolved, 0, 1)?.delay == 0)
        #expect(resolved.warnings.count == 2)
    }

    @Test("an invalid default delay is rejected")
    func invalidDefaultDelay() throws {
        let topology = Topology(nodes: [.init(id: "a")], links: [])
        let error = try Self.resolveError(topology, .init(defaultDelay: -1))
        #expect(Self.has(error, "defaultDelay is negative"))
    }

    @Test("resolving a topology built in code checks endpoints, ids and values")
    func resolveValidatesTopology() throws {
        let topology = Topology(
            nodes: [.init(id: "a", latitude: 91, longitude: 0), .init(id: "a")],
            links: [.init(source: 0, target: 5), .init(source: 0, target: 1, delay: .nan, bandwidth: 0)])
        let error = try Self.resolveError(topology)
        #expect(Self.has(error, element: "nodes[0]", "latitude 91 is outside [-90, 90]"))
        #expect(Self.has(error, element: "nodes[1]", "duplicate node id \"a\""))
        #expect(Self.has(error, element: "links[0]", "target 5 is not a node index"))
        #expect(Self.has(error, element: "links[1]", "delay is NaN"))
        #expect(Self.has(error, element: "links[1]", "bandwidth must be positive"))
        #expect(topology.validationProblems().count == 5)
    }

    // MARK: Errors: JSON

    @Test("JSON: a link to an unknown node names the file, link and id")
    func jsonUnknownNode() throws {
        let error = try Self.jsonError(
            #"{"nodes": [{"id": "A"}], "links": [{"source": "A", "target": "A"}, {"source": "Z", "target": "A"}]}"#)
        #expect(error.source == "net.json")
        #expect(error.element == "links[1]")
        #expect(error.message == "source \"Z\" is not a node id")
        #expect(error.description == "net.json: links[1]: source \"Z\" is not a node id")
    }

    @Test("JSON: a duplicate node id names the second node and the first")
    func jsonDuplicateID() throws {
        let error = try Self.jsonError(#"{"nodes": [{"id": "A"}, {"id": "B"}, {"id": "A"}], "links": []}"#)
        #expect(error.element == "nodes[2]")
        #expect(error.message == "duplicate node id \"A\" (first defined at nodes[0])")
    }

    @Test("JSON: negative delays and non-positive bandwidths are rejected per link")
    func jsonBadValues() throws {
        let error = try Self.jsonError(
            """
            {"nodes": [{"id": "A"}, {"id": "B"}],
             "links": [{"source": "A", "target": "B", "delay": -1},
                       {"source": "A", "target": "B", "bandwidth": 0},
                       {"source": "A", "target": "B", "bandwidth": -5}]}
            """)
        #expect(error.problems.count == 3)
        #expect(Self.has(error, element: "links[0]", "delay is negative (-1 ms)"))
        #expect(Self.has(error, element: "links[1]", "bandwidth must be positive, got 0 Mbit/s"))
        #expect(Self.has(error, element: "links[2]", "bandwidth must be positive, got -5 Mbit/s"))
    }

    @Test("JSON: a number too large for a Double is rejected at its link")
    func jsonInfiniteNumber() throws {
        let error = try Self.jsonError(
            """
            {"nodes": [{"id": "A"}, {"id": "B"}],
             "links": [{"source": "A", "target": "B", "delay": 1e999}]}
            """)
        #expect(error.problems.count == 1)
        #expect(error.element == "links[0]")
        #expect(error.message == "\"delay\" must be a number, found a number too large for a Double")
    }

    @Test("JSON: coordinates out of range, or only one of them, are rejected")
    func jsonCoordinates() throws {
        let error = try Self.jsonError(
            """
            {"nodes": [{"id": "A", "latitude": 90.5, "longitude": 0},
                       {"id": "B", "latitude": 0, "longitude": -180.01},
                       {"id": "C", "latitude": 10}], "links": []}
            """)
        #expect(Self.has(error, element: "nodes[0]", "latitude 90.5 is outside [-90, 90] degrees"))
        #expect(Self.has(error, element: "nodes[1]", "longitude -180.01 is outside [-180, 180] degrees"))
        #expect(Self.has(error, element: "nodes[2]", "has latitude but no longitude"))
    }

    @Test("JSON: a syntax error names the line computed from Foundation's position")
    func jsonSyntaxError() throws {
        let error = try Self.jsonError(
            "{\n  \"nodes\": [\n    {\"id\": \"A\"},\n    {\"id\": oops}\n  ],\n  \"links\": []\n}")
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("invalid JSON: "))
        #expect(error.description.hasPrefix("net.json:4: invalid JSON: "))
    }

    @Test("JSON: missing node id and link endpoints are reported together")
    func jsonMissingKeys() throws {
        let error = try Self.jsonError(
            #"{"nodes": [{"id": "A"}, {"label": "no id"}], "links": [{"target": "A"}, {"source": "A"}]}"#)
        #expect(error.problems.count == 3)
        #expect(error.problems[0] == .init(element: "nodes[1]", message: "missing \"id\""))
        #expect(error.problems[1] == .init(element: "links[0]", message: "missing \"source\""))
        #expect(error.problems[2] == .init(element: "links[1]", message: "missing \"target\""))
        #expect(error.description.split(separator: "\n").count == 3)
    }

    @Test("JSON: wrong value types are reported with the key and the type found")
    func jsonWrongTypes() throws {
        let error = try Self.jsonError(
            #"{"directed": "yes", "nodes": [{"id": true, "label": 3, "latitude": "north"}, 5], "links": {}}"#)
        #expect(Self.has(error, "\"directed\" must be true or false, found a string"))
        #expect(Self.has(error, "\"links\" must be an array, found an object"))
        #expect(Self.has(error, element: "nodes[0]", "\"id\" must be a string or a number, found a boolean"))
        #expect(Self.has(error, element: "nodes[0]", "\"label\" must be a string, found a number"))
        #expect(Self.has(error, element: "nodes[0]", "\"latitude\" must be a number, found a string"))
        #expect(Self.has(error, element: "nodes[1]", "expected a node object, found a number"))
    }

    @Test("JSON: an empty file, a non-object, or a missing nodes array is no graph")
    func jsonNoGraph() throws {
        #expect(try Self.jsonError("  \n ").description == "net.json:1: the file is empty")
        #expect(try Self.jsonError("[1, 2]").message.contains("expected an object with \"nodes\" and \"links\""))
        #expect(Self.has(try Self.jsonError(#"{"links": []}"#), "missing \"nodes\" array"))
        #expect(Self.has(try Self.jsonError(#"{"nodes": [{"id": "a"}]}"#), "missing \"links\" array"))
        #expect(try Self.jsonError(#"{"nodes": [], "links": []}"#).message == "the graph has no nodes")
    }

    // MARK: Errors: GML

    @Test("GML: a link to an unknown node names the file, line and edge")
    func gmlUnknownNode() throws {
        let error = try Self.gmlError(
            """
            graph [
              node [ id 0 ]
              node [ id 1 ]
              edge [ source 0 target 1 ]
              edge [
                source 1
                target 42
              ]
            ]
            """)
        #expect(error.source == "net.gml")
        #expect(error.line == 5)
        #expect(error.element == "edge[1]")
        #expect(error.description == "net.gml:5: edge[1]: target \"42\" is not a node id")
    }

    @Test("GML: a duplicate node id names its line and the first definition's line")
    func gmlDuplicateID() throws {
        let error = try Self.gmlError("graph [\n  node [ id 3 ]\n  node [ id 4 ]\n  node [ id 03 ]\n]")
        #expect(error.line == 4)
        #expect(error.element == "node[2]")
        #expect(error.message == "duplicate node id \"3\" (first defined at line 2)")
    }

    @Test("GML: negative, NaN and infinite delays are rejected at their lines")
    func gmlBadDelays() throws {
        let error = try Self.gmlError(
            """
            graph [
              node [ id 0 ] node [ id 1 ]
              edge [ source 0 target 1 delay -2.5 ]
              edge [ source 0 target 1 delay NAN ]
              edge [ source 0 target 1
                delay 1e999 ]
              edge [ source 0 target 1 delay -INF ]
            ]
            """)
        #expect(error.problems.count == 4)
        #expect(Self.has(error, line: 3, element: "edge[0]", "delay is negative (-2.5 ms)"))
        #expect(Self.has(error, line: 4, element: "edge[1]", "delay is NaN"))
        #expect(Self.has(error, line: 6, element: "edge[2]", "delay is infinite"))
        #expect(Self.has(error, line: 7, element: "edge[3]", "delay is infinite"))
    }

    @Test("GML: zero, negative, NaN and infinite LinkSpeedRaw are rejected at their lines")
    func gmlBadBandwidth() throws {
        let error = try Self.gmlError(
            """
            graph [
              node [ id 0 ] node [ id 1 ]
              edge [ source 0 target 1 LinkSpeedRaw 0 ]
              edge [ source 0 target 1 LinkSpeedRaw -1e9 ]
              edge [ source 0 target 1 LinkSpeedRaw nan ]
              edge [ source 0 target 1 LinkSpeedRaw +INF ]
            ]
            """)
        #expect(error.problems.count == 4)
        #expect(Self.has(error, line: 3, element: "edge[0]", "LinkSpeedRaw must be positive, got 0 bit/s"))
        #expect(Self.has(error, line: 4, element: "edge[1]", "LinkSpeedRaw must be positive, got -1000000000 bit/s"))
        #expect(Self.has(error, line: 5, element: "edge[2]", "LinkSpeedRaw is NaN"))
        #expect(Self.has(error, line: 6, element: "edge[3]", "LinkSpeedRaw is infinite"))
    }

    @Test("GML: coordinates out of range, or only one of them, are rejected at their lines")
    func gmlCoordinates() throws {
        let error = try Self.gmlError(
            """
            graph [
              node [
                id 0
                Latitude -90.1
                Longitude 181
              ]
              node [ id 1 Longitude 5 ]
            ]
            """)
        #expect(error.problems.count == 3)
        #expect(Self.has(error, line: 4, element: "node[0]", "Latitude -90.1 is outside [-90, 90] degrees"))
        #expect(Self.has(error, line: 5, element: "node[0]", "Longitude 181 is outside [-180, 180] degrees"))
        #expect(Self.has(error, line: 7, element: "node[1]", "has Longitude but no Latitude"))
    }

    @Test("GML: missing node id and edge endpoints are reported together with their lines")
    func gmlMissingKeys() throws {
        let error = try Self.gmlError(
            """
            graph [
              node [ id 0 ]
              node [ label "nameless" ]
              edge [ target 0 ]
              edge [ source 0 ]
            ]
            """)
        #expect(
            error.problems == [
                .init(line: 3, element: "node[1]", message: "missing 'id'"),
                .init(line: 4, element: "edge[0]", message: "missing 'source'"),
                .init(line: 5, element: "edge[1]", message: "missing 'target'"),
            ])
        #expect(
            error.description == """
                net.gml:3: node[1]: missing 'id'
                net.gml:4: edge[0]: missing 'source'
                net.gml:5: edge[1]: missing 'target'
                """)
    }

    @Test("GML: wrong value types and repeated keys are reported")
    func gmlWrongTypes() throws {
        let error = try Self.gmlError(
            """
            graph [
              directed 2
              node [ id 0 Latitude "north" Longitude 3 ]
              node [ id 1 id 2 ]
              node [ id [ x 1 ] ]
              edge 5
            ]
            """)
        #expect(Self.has(error, line: 2, element: "graph", "'directed' must be 0 or 1"))
        #expect(Self.has(error, line: 3, element: "node[0]", "'Latitude' must be a number, found a string"))
        #expect(Self.has(error, line: 4, element: "node[1]", "'id' given again (first on line 4)"))
        #expect(Self.has(error, line: 5, element: "node[2]", "'id' must be a number or a string, found a list"))
        #expect(Self.has(error, line: 6, element: "edge[0]", "'edge' must be a list, found a number"))
    }

    @Test("GML: an unterminated string names the line where it opened")
    func gmlUnterminatedString() throws {
        let error = try Self.gmlError("graph [\n  node [\n    id 0\n    label \"Vienna\n  ]\n]\n")
        #expect(error.description == "net.gml:4: string opened on line 4 is never closed")
    }

    @Test("GML: an unterminated list names the line and key where it opened")
    func gmlUnterminatedList() throws {
        let error = try Self.gmlError("graph [\n  node [ id 0 ]\n  node [\n    id 1\n]\n")
        #expect(error.line == 1)
        #expect(error.element == "graph")
        #expect(error.message == "list 'graph [' opened on line 1 is never closed")
    }

    @Test("GML: a key without a value names the key and its line")
    func gmlMissingValue() throws {
        let atClose = try Self.gmlError("graph [\n  node [ id 0 label ]\n]")
        #expect(atClose.description == "net.gml:2: key 'label' has no value (found ']')")
        let beforeKey = try Self.gmlError("graph [\n  node [\n    id\n    label \"x\"\n  ]\n]")
        #expect(beforeKey.line == 3)
        #expect(beforeKey.message == "key 'id' has no value (found key 'label')")
        let atEnd = try Self.gmlError("graph [ node [ id 0 ] ]\nversion")
        #expect(atEnd.line == 2)
        #expect(atEnd.message == "key 'version' has no value (found the end of the file)")
    }

    @Test("GML: stray brackets, bad characters and malformed numbers are syntax errors with lines")
    func gmlOtherSyntaxErrors() throws {
        #expect(try Self.gmlError("graph [ node [ id 0 ] ]\n]").description == "net.gml:2: ']' without a matching '['")
        #expect(try Self.gmlError("graph [\n node [ id 0 ] { ]").description == "net.gml:2: unexpected character '{'")
        #expect(try Self.gmlError("graph [\n\n node [ id 0x1F ] ]").description == "net.gml:3: malformed number '0x1F'")
        #expect(
            try Self.gmlError("graph [\n node [ id 0 ] 42 ]").description
                == "net.gml:2: expected a key, found number 42")
    }

    @Test("GML: an empty file, a file without a graph, or a graph without nodes is rejected")
    func gmlNoGraph() throws {
        #expect(try Self.gmlError("").description == "net.gml:1: the file is empty")
        #expect(try Self.gmlError("# only a comment\nCreator \"x\"\n").message == "no 'graph [ ... ]' in the file")
        #expect(try Self.gmlError("graph 1").message == "'graph' must be a list, found a number")
        #expect(try Self.gmlError("\ngraph [ directed 0 ]").description == "net.gml:2: graph: the graph has no nodes")
    }

    @Test("GML: a problem list longer than 20 is summarised in the description")
    func manyProblemsSummarised() throws {
        let edges = (0..<25).map { "  edge [ source 0 target \($0 + 100) ]" }.joined(separator: "\n")
        let error = try Self.gmlError("graph [\n  node [ id 0 ]\n\(edges)\n]")
        #expect(error.problems.count == 25)
        #expect(error.problems.map(\.line) == Array(3...27))
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.last == "net.gml: … and 5 more problems")
    }
}
