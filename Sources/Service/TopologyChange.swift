public import ALTO

/// The body of `PUT /topology`: the stored version, the network map's new vtag, the
/// topology's size, the seconds the all-pairs recomputation took, and any warnings from
/// resolving it (such as a link with no delay given).
public struct TopologyChange: Sendable, Hashable, Codable {
    public var version: Int64
    public var vtag: VersionTag
    public var nodes: Int
    public var links: Int
    public var computeSeconds: Double
    public var warnings: [String]
}
