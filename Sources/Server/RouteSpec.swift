import ALTO
public import HTTPTypes
import Matrix
import Service
import Solver
import Store
import Topology

/// One route of the server, as registered with the router and described in the OpenAPI
/// document: the two are built from the same list (``ALTOServer/routes``).
public struct RouteSpec: Sendable, Hashable {
    public var method: HTTPRequest.Method
    /// The path template, OpenAPI style (`/clusters/{id}`).
    public var path: String
    /// The OpenAPI `operationId`.
    public var operation: String
    public var summary: String
    /// The media type of a request body, if the route takes one.
    public var requestType: String?
    /// The media type of a successful response.
    public var responseType: String
    /// The success status.
    public var successStatus: Int

    public init(
        _ method: HTTPRequest.Method, _ path: String, operation: String, summary: String, requestType: String? = nil,
        responseType: String, successStatus: Int = 200
    ) {
        self.method = method
        self.path = path
        self.operation = operation
        self.summary = summary
        self.requestType = requestType
        self.responseType = responseType
        self.successStatus = successStatus
    }

    /// Whether a concrete path fits the template (`{name}` matches one non-empty segment).
    public func matches(path concrete: String) -> Bool {
        let want = path.split(separator: "/")
        let have = concrete.split(separator: "/")
        guard want.count == have.count else { return false }
        return zip(want, have).allSatisfy { w, h in w.first == "{" || w == h }
    }

    /// Literal (non-parameter) segments of the template: where two templates match one
    /// path, the router takes the one with more (`/clusters/rank` over `/clusters/{id}`).
    public var literalSegments: Int { path.split(separator: "/").filter { $0.first != "{" }.count }

    /// The methods served at `concrete`: those of the matching templates with the most
    /// literal segments, which are the ones the router dispatches to.
    public static func methods(at concrete: String, in routes: [RouteSpec]) -> [String] {
        let matching = routes.filter { $0.matches(path: concrete) }
        let most = matching.map(\.literalSegments).max() ?? 0
        var seen = Set<String>()
        return matching.filter { $0.literalSegments == most }.map(\.method.rawValue).filter { seen.insert($0).inserted }
    }
}
