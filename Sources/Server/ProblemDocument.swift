public import Service

/// An RFC 9457 problem document (`application/problem+json`), the error body of every
/// route that is not an ALTO resource: `type` (always `about:blank`, so `title` is the
/// status's reason phrase), `status`, a one-line `detail`, and the extension member
/// `problems`, every problem found in the request with its place in it.
public struct ProblemDocument: Sendable, Hashable, Codable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var problems: [Problem]

    /// The media type of RFC 9457 §3.
    public static let mediaType = "application/problem+json"
}
