extension Topology {
    /// Reads the GML subset used by the Internet Topology Zoo:
    ///
    /// ```
    /// graph [
    ///   directed 0
    ///   node [ id 0 label "Vienna" Latitude 48.21 Longitude 16.37 ]
    ///   node [ id 1 label "Graz" Latitude 47.07 Longitude 15.44 ]
    ///   edge [ source 0 target 1 LinkSpeedRaw 10000000000 ]
    /// ]
    /// ```
    ///
    /// The file holds one `graph [ ... ]`. `directed 1` makes it directed (default
    /// undirected); `multigraph` is not needed for parallel edges. A node's `id` (an integer
    /// or a string) becomes ``Node/id``, using the integer's decimal text; `label` is kept
    /// only as a label, since Zoo labels repeat. `Latitude`/`Longitude` (also lowercase)
    /// are decimal degrees. An edge needs `source` and `target` (node ids); `LinkSpeedRaw`
    /// is bit/s and becomes ``Link/bandwidth`` in Mbit/s (raw / 10⁶); an optional `delay`
    /// is in ms. Other keys are ignored.
    ///
    /// - Parameter source: the file name to use in error messages.
    /// - Throws: a syntax error alone, or else every problem found; each names its line and
    ///   element (`node[4]`, `edge[3]`: the n-th node or edge, from 0).
    public static func parseGML(_ text: String, source: String) throws(TopologyError) -> Topology {
        try parseGML(Array(text.utf8), source: source)
    }

    /// Reads GML from UTF-8 bytes; see the `String` overload.
    public static func parseGML(_ bytes: [UInt8], source: String) throws(TopologyError) -> Topology {
        guard !TopologyFormat.isBlank(bytes) else {
            throw TopologyError(source: source, line: 1, message: "the file is empty")
        }
        let top = try GMLParser.parse(bytes, source: source)
        let graphs = top.filter { $0.key == "graph" }
        guard let graphEntry = graphs.first else {
            throw TopologyError(source: source, message: "no 'graph [ ... ]' in the file")
        }
        guard case .list(let graph) = graphEntry.value else {
            throw TopologyError(
                source: source, line: graphEntry.line, element: "graph",
                message: "'graph' must be a list, found \(graphEntry.value.kind)")
        }
        var builder = TopologyBuilder(source: source)
        for extra in graphs.dropFirst() {
            builder.report(
                "a second 'graph' (only one per file is supported)", at: .init(line: extra.line, element: "graph"))
        }
        var directed = false
        for entry in graph where entry.key == "directed" {
            switch entry.value {
            case .number(0, _): directed = false
            case .number(1, _): directed = true
            default:
                builder.report(
                    "'directed' must be 0 or 1", at: .init(line: entry.line, element: "graph"))
            }
        }
        let nodes = graph.filter { $0.key == "node" }
        let edges = graph.filter { $0.key == "edge" }
        guard !nodes.isEmpty else {
            builder.report("the graph has no nodes", at: .init(line: graphEntry.line, element: "graph"))
            return try builder.build(directed: directed)
        }
        for (index, entry) in nodes.enumerated() {
            readGMLNode(entry, at: .init(line: entry.line, element: "node[\(index)]"), into: &builder)
        }
        for (index, entry) in edges.enumerated() {
            readGMLEdge(entry, at: .init(line: entry.line, element: "edge[\(index)]"), into: &builder)
        }
        return try builder.build(directed: directed)
    }

    private static func readGMLNode(
        _ entry: GMLParser.Entry, at location: TopologyBuilder.Location, into builder: inout TopologyBuilder
    ) {
        guard case .list(let fields) = entry.value else {
            builder.report("'node' must be a list, found \(entry.value.kind)", at: location)
            return
        }
        var reader = GMLFields(fields, location: location)
        let id = reader.identifier("id", builder: &builder)
        let label = reader.text("label", builder: &builder)
        let latitude = reader.number(["Latitude", "latitude"], builder: &builder)
        let longitude = reader.number(["Longitude", "longitude"], builder: &builder)
        for problem in TopologyFormat.coordinateProblems(
            latitude: latitude, longitude: longitude, latitudeKey: "Latitude", longitudeKey: "Longitude")
        {
            builder.report(problem.message, at: problem.key.map(reader.location(of:)) ?? location)
        }
        guard let id else { return }
        builder.addNode(.init(id: id, label: label, latitude: latitude, longitude: longitude), at: location)
    }

    private static func readGMLEdge(
        _ entry: GMLParser.Entry, at location: TopologyBuilder.Location, into builder: inout TopologyBuilder
    ) {
        guard case .list(let fields) = entry.value else {
            builder.report("'edge' must be a list, found \(entry.value.kind)", at: location)
            return
        }
        var reader = GMLFields(fields, location: location)
        let source = reader.identifier("source", builder: &builder)
        let target = reader.identifier("target", builder: &builder)
        let delay = reader.number(["delay"], builder: &builder)
        let linkSpeed = reader.number(["LinkSpeedRaw"], builder: &builder)
        if let delay, let problem = TopologyFormat.delayProblem(delay, key: "delay") {
            builder.report(problem, at: reader.location(of: "delay"))
        }
        if let linkSpeed, let problem = TopologyFormat.bandwidthProblem(linkSpeed, key: "LinkSpeedRaw", unit: "bit/s") {
            builder.report(problem, at: reader.location(of: "LinkSpeedRaw"))
        }
        guard let source, let target else { return }
        builder.addLink(
            source: source, target: target, delay: delay, bandwidth: linkSpeed.map { $0 / 1e6 }, at: location)
    }
}
