import Foundation

/// A network as read from a topology file: named nodes, optionally placed on the globe,
/// joined by links that may carry a delay and a bandwidth.
///
/// A `Topology` keeps what the file said and nothing more: missing delays stay `nil`
/// and parallel links stay separate. ``resolved(_:)`` turns it into the directed,
/// fully-weighted arc list the cost-matrix engine consumes.
///
/// Files come in two formats, described in `Data/topologies/README.md`: a small JSON
/// format (`parseJSON(_:source:)`, ``jsonString()``) and the GML subset used by the
/// Internet Topology Zoo (`parseGML(_:source:)`). Both parsers check the same rules and
/// report every problem they find in one ``TopologyError``.
public struct Topology: Sendable, Hashable {
    /// A network node. `id` is unique within a topology.
    public struct Node: Sendable, Hashable {
        /// Unique identifier; links refer to nodes by it in files.
        public var id: String
        /// Display name; not necessarily unique (Topology Zoo labels are city names).
        public var label: String?
        /// Degrees north, in [-90, 90].
        public var latitude: Double?
        /// Degrees east, in [-180, 180].
        public var longitude: Double?
        /// Address prefixes (`"192.0.2.0/24"`, `"2001:db8::/48"`) of the hosts behind this
        /// node, as the file gave them; the ALTO network map checks and uses them. Empty
        /// when the file gives none (JSON only; GML has no such key).
        public var prefixes: [String]

        public init(
            id: String, label: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
            prefixes: [String] = []
        ) {
            self.id = id
            self.label = label
            self.latitude = latitude
            self.longitude = longitude
            self.prefixes = prefixes
        }
    }

    /// A link between two nodes, given as indices into ``Topology/nodes``.
    public struct Link: Sendable, Hashable {
        /// Index of the first endpoint in ``Topology/nodes``.
        public var source: Int
        /// Index of the second endpoint in ``Topology/nodes``.
        public var target: Int
        /// One-way delay in milliseconds (≥ 0), or `nil` to derive it from coordinates.
        public var delay: Double?
        /// Capacity in Mbit/s (> 0), or `nil` if unknown.
        public var bandwidth: Double?

        public init(source: Int, target: Int, delay: Double? = nil, bandwidth: Double? = nil) {
            self.source = source
            self.target = target
            self.delay = delay
            self.bandwidth = bandwidth
        }
    }

    public var nodes: [Node]
    public var links: [Link]
    /// Whether a link goes from `source` to `target` only. Undirected links work both ways.
    public var directed: Bool

    public init(nodes: [Node], links: [Link], directed: Bool = false) {
        self.nodes = nodes
        self.links = links
        self.directed = directed
    }

    /// Reads a topology file.
    ///
    /// The format comes from the extension: `.gml` is GML and `.json` is JSON (either
    /// case). Any other file is JSON if its first non-blank character is `{`, and GML
    /// otherwise. Error messages name the file by `path` exactly as given.
    public static func load(contentsOf path: String) throws(TopologyError) -> Topology {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TopologyError(source: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw TopologyError(source: path, message: "is a directory, not a topology file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TopologyError(source: path, message: "cannot read the file")
        }
        let bytes = [UInt8](data)
        switch (path as NSString).pathExtension.lowercased() {
        case "gml":
            return try parseGML(bytes, source: path)
        case "json":
            return try parseJSON(bytes, source: path)
        default:
            let firstNonBlank = bytes.first { !TopologyFormat.isBlank($0) }
            if firstNonBlank == UInt8(ascii: "{") {
                return try parseJSON(bytes, source: path)
            }
            return try parseGML(bytes, source: path)
        }
    }
}
