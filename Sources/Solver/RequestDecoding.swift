public import Foundation

/// Decodes a `Decodable` request body with errors that name the JSON path of the fault
/// (`.functions[0].demand.cpu: expected a number`), for the CLI and the server alike.
public enum RequestDecoding {
    /// What is wrong with a body: where (a JSON path such as `.functions[0].demand.cpu`,
    /// empty for the body as a whole) and what.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(Problem) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem(path: path(context.codingPath + [key]), message: "missing required field")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Problem(path: path(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.dataCorrupted(context) {
            throw Problem(path: path(context.codingPath), message: context.debugDescription)
        } catch {
            throw Problem(path: "", message: "\(error)")
        }
    }

    /// `.functions[0].demand.cpu`, or empty for the top level.
    public static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
