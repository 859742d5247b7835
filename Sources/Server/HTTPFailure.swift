public import HTTPTypes
public import Service

/// A failure answered with an HTTP status and an RFC 9457 problem document: for what no
/// RFC 7285 error code fits (401, 404, 405, 406, 413, 415, 503) and for every error of the
/// routes that are not ALTO resources.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var detail: String
    public var headers: HTTPFields
    /// Every problem found, each with its place in the request.
    public var problems: [Problem]

    public init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:], problems: [Problem] = []) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.problems = problems.isEmpty ? [Problem(detail)] : problems
    }

    /// A service error as HTTP: `.invalid` 400, `.notFound` 404, `.conflict` 409,
    /// `.tooLarge` 413, `.unprocessable` 422, `.failed` 500.
    public init(_ error: ServiceError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .invalid: .badRequest
            case .notFound: .notFound
            case .conflict: .conflict
            case .tooLarge: .contentTooLarge
            case .unprocessable: .unprocessableContent
            case .failed: .internalServerError
            }
        self.init(status, error.detail, problems: error.problems)
    }

    /// The problem document.
    public var document: ProblemDocument {
        ProblemDocument(
            type: "about:blank", title: status.reasonPhrase, status: status.code, detail: detail, problems: problems)
    }

    public var description: String { "\(status.code) \(status.reasonPhrase): \(detail)" }
}
