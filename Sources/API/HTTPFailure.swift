public import HTTPTypes

/// An HTTP-level failure that is not an RFC 7285 error (no ALTO error code fits: 401,
/// 404, 405, 406, 409, 413, 415, 503). Answered as `application/json`:
/// `{"status": 406, "error": "Not Acceptable", "message": "…"}`.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var json: String {
        "{\"status\":\(status.code),\"error\":\(JSONText.quoted(status.reasonPhrase)),\"message\":\(JSONText.quoted(message))}"
    }

    public var description: String { "\(status.code) \(status.reasonPhrase): \(message)" }
}
