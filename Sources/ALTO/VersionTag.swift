/// An RFC 7285 version tag (§10.3): the resource it names and an opaque tag that changes
/// whenever the resource does.
public struct VersionTag: Sendable, Hashable, Codable {
    public var resourceID: String
    public var tag: String

    public init(resourceID: String, tag: String) {
        self.resourceID = resourceID
        self.tag = tag
    }

    private enum CodingKeys: String, CodingKey {
        case resourceID = "resource-id"
        case tag
    }
}
