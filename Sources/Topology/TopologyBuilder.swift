/// Collects the nodes and links a parser reads, checks node ids and link endpoints, and
/// gathers every problem so that one ``TopologyError`` can list them all.
///
/// Parsers add all nodes before any link, so a link's endpoints are checked as it is added.
struct TopologyBuilder {
    /// Where an element sits in the file.
    struct Location {
        var line: Int?
        var element: String

        /// How other messages refer to this element: `line 12` if known, else the element.
        var reference: String { line.map { "line \($0)" } ?? element }
    }

    let source: String
    private(set) var problems: [TopologyError.Problem] = []
    private var nodes: [Topology.Node] = []
    private var links: [Topology.Link] = []
    private var nodeIndex: [String: Int] = [:]
    private var nodeLocations: [Location] = []

    init(source: String) {
        self.source = source
    }

    mutating func report(_ message: String, at location: Location?) {
        problems.append(.init(line: location?.line, element: location?.element, message: message))
    }

    /// Adds a node, reporting a duplicate id (the first node with an id keeps it).
    mutating func addNode(_ node: Topology.Node, at location: Location) {
        if let first = nodeIndex[node.id] {
            report(
                "duplicate node id \(Self.quoted(node.id)) (first defined at \(nodeLocations[first].reference))",
                at: location)
        } else {
            nodeIndex[node.id] = nodes.count
        }
        nodes.append(node)
        nodeLocations.append(location)
    }

    /// Adds a link between the nodes with ids `source` and `target`, reporting unknown ids.
    /// Call after every node has been added.
    mutating func addLink(
        source sourceID: String, target targetID: String, delay: Double?, bandwidth: Double?,
        at location: Location, sourceKey: String = "source", targetKey: String = "target"
    ) {
        let sourceIndex = nodeIndex[sourceID]
        let targetIndex = nodeIndex[targetID]
        if sourceIndex == nil {
            report("\(sourceKey) \(Self.quoted(sourceID)) is not a node id", at: location)
        }
        if targetIndex == nil {
            report("\(targetKey) \(Self.quoted(targetID)) is not a node id", at: location)
        }
        guard let sourceIndex, let targetIndex else { return }
        links.append(.init(source: sourceIndex, target: targetIndex, delay: delay, bandwidth: bandwidth))
    }

    /// The topology, or every problem reported as one error.
    func build(directed: Bool) throws(TopologyError) -> Topology {
        guard problems.isEmpty else { throw TopologyError(source: source, problems: problems) }
        guard !nodes.isEmpty else { throw TopologyError(source: source, message: "the graph has no nodes") }
        return Topology(nodes: nodes, links: links, directed: directed)
    }

    /// `"id"` in double quotes, as messages show node ids.
    static func quoted(_ id: String) -> String {
        "\"\(id)\""
    }
}
