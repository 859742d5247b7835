import ALTO
public import HTTPTypes
import Matrix
import Service
import Solver
import Store
import Topology

/// An HTTP-level failure that is not an RFC 7285 error (no ALTO error code fits: 401,
/// 404, 405, 406, 409, 413, 415, 503). Answered as `application/json`:
/// `{"status": 406, "error": "Not Acceptable", "message": "…"}`.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields
    /// Every problem found, when there are several (sent as `problems`).
    public var problems: [String]

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:], problems: [String] = []) {
        self.status = status
        self.message = message
        self.headers = headers
        self.problems = problems
    }

    public var json: String {
        var text =
            "{\"status\":\(status.code),\"error\":\(JSONText.quoted(status.reasonPhrase)),\"message\":\(JSONText.quoted(message))"
        if !problems.isEmpty { text += ",\"problems\":[" + problems.map(JSONText.quoted).joined(separator: ",") + "]" }
        return text + "}"
    }

    public var description: String { "\(status.code) \(status.reasonPhrase): \(message)" }
}
