/// Why the service refused or failed a request: a kind (which the server maps to an HTTP
/// status), one line of detail, and every problem found, each with its place in the
/// request.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The request is malformed or inconsistent (HTTP 400).
        case invalid
        /// What it names does not exist (404).
        case notFound
        /// It clashes with the current state, such as capacity taken meanwhile (409).
        case conflict
        /// It is over a size limit (413).
        case tooLarge
        /// It reuses an idempotency key with another body (422).
        case unprocessable
        /// The service failed its own check (500): a bug, never the client's fault.
        case failed
    }

    public var kind: Kind
    public var detail: String
    public var problems: [Problem]

    public init(_ kind: Kind, _ detail: String, problems: [Problem] = []) {
        self.kind = kind
        self.detail = detail
        self.problems = problems.isEmpty ? [Problem(detail)] : problems
    }

    /// An invalid request with every problem listed; the detail counts them.
    public static func invalid(_ problems: [Problem]) -> ServiceError {
        ServiceError(
            .invalid, problems.count == 1 ? problems[0].description : "the request has \(problems.count) problems",
            problems: problems)
    }

    public var description: String { detail }
}
