public import Foundation

/// Decodes a `Decodable` request body with errors that name the JSON path of the fault
/// (`.functions[0].demand.cpu: expected a number`), for the CLI and the server alike.
public enum RequestDecoding {
    /// What is wrong with a body, one line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(Problem) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem(description: "missing field \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Problem(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw Problem(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw Problem(description: "\(error)")
        }
    }

    /// `.functions[0].demand.cpu`, or `(top level)`.
    public static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(top level)" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
