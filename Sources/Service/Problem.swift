/// One thing wrong with a request: where (a JSON path such as `.functions[0].demand.cpu`,
/// a header or parameter name, or empty for the request as a whole) and what.
public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String = "", _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
