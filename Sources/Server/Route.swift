public import HTTPTypes
public import Hummingbird

/// One operation of the server, as the router serves it and the OpenAPI document
/// describes it: both are built from the same list of routes, so neither can drift.
public struct Route: Sendable {
    /// A request body the operation takes.
    public struct Body: Sendable {
        /// The media types accepted; the first is the one documented as preferred.
        public var mediaTypes: [String]
        /// The type of the body's JSON, or `nil` for a body that is not JSON (GML text).
        public var schema: (any DocumentSchema.Type)?

        public init(_ mediaTypes: [String], _ schema: (any DocumentSchema.Type)?) {
            self.mediaTypes = mediaTypes
            self.schema = schema
        }
    }

    /// A path, query or header parameter.
    public struct Parameter: Sendable {
        public enum Location: String, Sendable { case path, query, header }
        public var name: String
        public var location: Location
        public var required: Bool
        public var summary: String
        /// The allowed values, when the parameter is an enumeration.
        public var values: [String]?
        /// An anchored regular expression the value must match (ECMA-262, as OpenAPI).
        public var pattern: String?

        public init(
            _ name: String, in location: Location, required: Bool? = nil, _ summary: String, values: [String]? = nil,
            pattern: String? = nil
        ) {
            self.name = name
            self.location = location
            self.required = required ?? (location == .path)
            self.summary = summary
            self.values = values
            self.pattern = pattern
        }
    }

    /// A success answer of the operation.
    public struct Reply: Sendable {
        public var status: Int
        public var summary: String
        /// Media type and the JSON type of the body; an empty list for no body.
        public var content: [(mediaType: String, schema: (any DocumentSchema.Type)?)]
        /// Headers always sent with this answer.
        public var headers: [String]

        public init(
            _ status: Int, _ summary: String, _ content: [(mediaType: String, schema: (any DocumentSchema.Type)?)] = [],
            headers: [String] = []
        ) {
            self.status = status
            self.summary = summary
            self.content = content
            self.headers = headers
        }
    }

    public typealias Handler = @Sendable (Request, ALTORequestContext) async throws -> Response

    public var method: HTTPRequest.Method
    /// The path template, OpenAPI style (`/clusters/{id}`); Hummingbird reads the same.
    public var path: String
    /// The OpenAPI `operationId`.
    public var operation: String
    public var summary: String
    public var parameters: [Parameter]
    public var body: Body?
    public var replies: [Reply]
    /// An RFC 7285 resource: errors in the request are `application/alto-error+json`;
    /// everywhere else they are RFC 9457 `application/problem+json`.
    public var isALTO: Bool
    /// Needs `Authorization: Bearer <token>` when the server has a token.
    public var needsToken: Bool
    /// A read of data-center state or an expensive read: needs a token (the read token or
    /// the write token) when the server has a read token. ``ALTOServer/routes`` clears it
    /// when there is none, so it says whether the route is protected now.
    public var readProtected: Bool
    public var handler: Handler

    public init(
        _ method: HTTPRequest.Method, _ path: String, operation: String, summary: String,
        parameters: [Parameter] = [], body: Body? = nil, replies: [Reply], isALTO: Bool = false,
        needsToken: Bool = false, readProtected: Bool = false, handler: @escaping Handler
    ) {
        self.readProtected = readProtected
        self.method = method
        self.path = path
        self.operation = operation
        self.summary = summary
        self.parameters = parameters
        self.body = body
        self.replies = replies
        self.isALTO = isALTO
        self.needsToken = needsToken
        self.handler = handler
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

    /// The routes the router would dispatch `concrete` to, under any method: those of the
    /// matching templates with the most literal segments.
    public static func serving(_ concrete: String, in routes: [Route]) -> [Route] {
        let matching = routes.filter { $0.matches(path: concrete) }
        let most = matching.map(\.literalSegments).max() ?? 0
        return matching.filter { $0.literalSegments == most }
    }

    /// The methods served at `concrete`, each once, in route order.
    public static func methods(at concrete: String, in routes: [Route]) -> [String] {
        var seen = Set<String>()
        return serving(concrete, in: routes).map(\.method.rawValue).filter { seen.insert($0).inserted }
    }
}
