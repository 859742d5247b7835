extension Topology {
    /// Reads the JSON topology format (see `Data/topologies/README.md`):
    ///
    /// ```json
    /// {"directed": false,
    ///  "nodes": [{"id": "A", "label": "Atlanta", "latitude": 33.75, "longitude": -84.39}],
    ///  "links": [{"source": "A", "target": "B", "delay": 3.5, "bandwidth": 10000}]}
    /// ```
    ///
    /// `nodes` and `links` are required; `directed` defaults to `false`. Node `id`, link
    /// `source` and `target` are strings, or numbers taken as their decimal text. `delay` is
    /// in ms, `bandwidth` in Mbit/s; `label`, `latitude`, `longitude`, `prefixes` (an array
    /// of address-prefix strings, for the ALTO network map), `delay` and `bandwidth` are
    /// optional and may be `null`. Unknown keys are ignored.
    ///
    /// - Parameter source: the file name to use in error messages.
    /// - Throws: every problem found, naming elements as `nodes[2]` and `links[3]`. Syntax
    ///   errors carry a line when Foundation reports a position.
    public static func parseJSON(_ bytes: [UInt8], source: String) throws(TopologyError) -> Topology {
        guard !TopologyFormat.isBlank(bytes) else {
            throw TopologyError(source: source, line: 1, message: "the file is empty")
        }
        let graph: JSONTopologyDocument
        switch try JSONTopologyDocument.decode(bytes, source: source) {
        case .value(let document): graph = document
        case .wrongKind(let kind):
            throw TopologyError(
                source: source, message: "expected an object with \"nodes\" and \"links\" arrays, found \(kind)")
        }
        var builder = TopologyBuilder(source: source)
        var directed = false
        switch graph.directed {
        case nil: break
        case .value(let value)?: directed = value
        case .wrongKind(let kind)?: builder.report("\"directed\" must be true or false, found \(kind)", at: nil)
        }
        let nodes = jsonArray("nodes", graph.nodes, builder: &builder)
        let links = jsonArray("links", graph.links, builder: &builder)
        for (index, field) in nodes.enumerated() {
            let location = TopologyBuilder.Location(element: "nodes[\(index)]")
            switch field {
            case .value(let node): readJSONNode(node, at: location, into: &builder)
            case .wrongKind(let kind): builder.report("expected a node object, found \(kind)", at: location)
            }
        }
        for (index, field) in links.enumerated() {
            let location = TopologyBuilder.Location(element: "links[\(index)]")
            switch field {
            case .value(let link): readJSONLink(link, at: location, into: &builder)
            case .wrongKind(let kind): builder.report("expected a link object, found \(kind)", at: location)
            }
        }
        return try builder.build(directed: directed)
    }

    /// Reads the JSON topology format from text; see the `[UInt8]` overload.
    public static func parseJSON(_ text: String, source: String) throws(TopologyError) -> Topology {
        try parseJSON(Array(text.utf8), source: source)
    }

    /// The topology in the JSON format `parseJSON` reads, one node or link per line.
    ///
    /// Numbers are written so that they read back to the same `Double`. JSON cannot hold
    /// NaN or infinity, so such values (which `parseJSON` would reject anyway) are written
    /// as `null`, as are link endpoints that are not valid node indices.
    ///
    /// - Complexity: O(nodes + links).
    public func jsonString() -> String {
        var out = "{\n  \"directed\": \(directed),\n  \"nodes\": ["
        for (index, node) in nodes.enumerated() {
            var fields = ["\"id\": \(Self.jsonQuoted(node.id))"]
            if let label = node.label { fields.append("\"label\": \(Self.jsonQuoted(label))") }
            if let latitude = node.latitude { fields.append("\"latitude\": \(Self.jsonNumber(latitude))") }
            if let longitude = node.longitude { fields.append("\"longitude\": \(Self.jsonNumber(longitude))") }
            if !node.prefixes.isEmpty {
                fields.append("\"prefixes\": [" + node.prefixes.map(Self.jsonQuoted).joined(separator: ", ") + "]")
            }
            out += (index == 0 ? "\n    {" : ",\n    {") + fields.joined(separator: ", ") + "}"
        }
        out += nodes.isEmpty ? "],\n  \"links\": [" : "\n  ],\n  \"links\": ["
        for (index, link) in links.enumerated() {
            var fields = [
                "\"source\": \(endpointJSON(link.source))", "\"target\": \(endpointJSON(link.target))",
            ]
            if let delay = link.delay { fields.append("\"delay\": \(Self.jsonNumber(delay))") }
            if let bandwidth = link.bandwidth { fields.append("\"bandwidth\": \(Self.jsonNumber(bandwidth))") }
            out += (index == 0 ? "\n    {" : ",\n    {") + fields.joined(separator: ", ") + "}"
        }
        out += links.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    // MARK: Reading

    private static func jsonArray<Element>(
        _ key: String, _ field: JSONTopologyDocument.Field<[Element]>?, builder: inout TopologyBuilder
    ) -> [Element] {
        switch field {
        case .value(let elements)?:
            return elements
        case nil:
            builder.report("missing \"\(key)\" array", at: nil)
        case .wrongKind(let kind)?:
            builder.report("\"\(key)\" must be an array, found \(kind)", at: nil)
        }
        return []
    }

    private static func readJSONNode(
        _ node: JSONTopologyDocument.Node, at location: TopologyBuilder.Location,
        into builder: inout TopologyBuilder
    ) {
        let id = jsonIdentifier("id", node.id, at: location, builder: &builder)
        let label = jsonValue("label", node.label, expected: "a string", at: location, builder: &builder)
        let latitude = jsonValue("latitude", node.latitude, expected: "a number", at: location, builder: &builder)
        let longitude = jsonValue("longitude", node.longitude, expected: "a number", at: location, builder: &builder)
        for problem in TopologyFormat.coordinateProblems(
            latitude: latitude, longitude: longitude, latitudeKey: "latitude", longitudeKey: "longitude")
        {
            builder.report(problem.message, at: location)
        }
        let prefixes =
            jsonValue("prefixes", node.prefixes, expected: "an array of strings", at: location, builder: &builder) ?? []
        guard let id else { return }
        builder.addNode(
            .init(id: id, label: label, latitude: latitude, longitude: longitude, prefixes: prefixes), at: location)
    }

    private static func readJSONLink(
        _ link: JSONTopologyDocument.Link, at location: TopologyBuilder.Location,
        into builder: inout TopologyBuilder
    ) {
        let source = jsonIdentifier("source", link.source, at: location, builder: &builder)
        let target = jsonIdentifier("target", link.target, at: location, builder: &builder)
        let delay = jsonValue("delay", link.delay, expected: "a number", at: location, builder: &builder)
        let bandwidth = jsonValue("bandwidth", link.bandwidth, expected: "a number", at: location, builder: &builder)
        if let delay, let problem = TopologyFormat.delayProblem(delay, key: "delay") {
            builder.report(problem, at: location)
        }
        if let bandwidth, let problem = TopologyFormat.bandwidthProblem(bandwidth, key: "bandwidth", unit: "Mbit/s") {
            builder.report(problem, at: location)
        }
        guard let source, let target else { return }
        builder.addLink(source: source, target: target, delay: delay, bandwidth: bandwidth, at: location)
    }

    /// A required node id or link endpoint: a non-empty string, or a number as its text.
    private static func jsonIdentifier(
        _ key: String, _ field: JSONTopologyDocument.Field<JSONTopologyDocument.Identifier>?,
        at location: TopologyBuilder.Location, builder: inout TopologyBuilder
    ) -> String? {
        switch field {
        case .value(let identifier)? where !identifier.text.isEmpty:
            return identifier.text
        case .value?:
            builder.report("\"\(key)\" is empty", at: location)
        case nil:
            builder.report("missing \"\(key)\"", at: location)
        case .wrongKind(let kind)?:
            builder.report("\"\(key)\" must be a string or a number, found \(kind)", at: location)
        }
        return nil
    }

    /// An optional value; `null` counts as absent.
    private static func jsonValue<Value>(
        _ key: String, _ field: JSONTopologyDocument.Field<Value>?, expected: String,
        at location: TopologyBuilder.Location, builder: inout TopologyBuilder
    ) -> Value? {
        switch field {
        case nil:
            return nil
        case .value(let value)?:
            return value
        case .wrongKind(let kind)?:
            builder.report("\"\(key)\" must be \(expected), found \(kind)", at: location)
            return nil
        }
    }

    // MARK: Writing

    private func endpointJSON(_ index: Int) -> String {
        nodes.indices.contains(index) ? Self.jsonQuoted(nodes[index].id) : "null"
    }

    /// `value` as a JSON number that reads back to the same `Double`, or `null` if not finite.
    private static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? TopologyFormat.numberText(value) : "null"
    }

    /// `text` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
