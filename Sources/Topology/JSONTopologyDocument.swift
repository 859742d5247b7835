import Foundation

/// The JSON topology format as `Decodable` records that accept any JSON value in any field,
/// so that a wrong type becomes a problem to report rather than a decoding failure.
///
/// `JSONDecoder` does the parsing: on Linux `JSONSerialization` rounds many 17-digit
/// numbers to a neighbouring `Double` (so `jsonString()` would not round-trip). Typed
/// records keep decoding fast, since only a field of the wrong type costs a thrown error.
/// `JSONDecoder` reports no position for syntax errors, so after a failure the bytes are
/// parsed again with `JSONSerialization`, only to find the line.
struct JSONTopologyDocument: Decodable {
    /// A value of type `Value`, or the kind of JSON value found instead (`"a string"`).
    enum Field<Value: Decodable>: Decodable {
        case value(Value)
        case wrongKind(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Value.self) {
                self = .value(value)
            } else {
                self = .wrongKind(JSONTopologyDocument.kind(in: container))
            }
        }
    }

    /// A node id or link endpoint: a string, or a number as its decimal text.
    struct Identifier: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
                return
            }
            let number = try container.decode(Double.self)
            text = TopologyFormat.numberText(number)
            if number.rounded() == number, abs(number) >= 1e15 {  // exact text beyond 2⁵³
                if let integer = try? container.decode(Int64.self) {
                    text = String(integer)
                } else if let integer = try? container.decode(UInt64.self) {
                    text = String(integer)
                }
            }
        }
    }

    struct Node: Decodable {
        var id: Field<Identifier>?
        var label: Field<String>?
        var latitude: Field<Double>?
        var longitude: Field<Double>?
        var prefixes: Field<[String]>?
    }

    struct Link: Decodable {
        var source: Field<Identifier>?
        var target: Field<Identifier>?
        var delay: Field<Double>?
        var bandwidth: Field<Double>?
    }

    var directed: Field<Bool>?
    var nodes: Field<[Field<Node>]>?
    var links: Field<[Field<Link>]>?

    /// The document in `bytes`, or the kind of JSON value found instead of an object.
    ///
    /// - Throws: a syntax error naming `source` and, when Foundation reports a position,
    ///   the line.
    static func decode(_ bytes: [UInt8], source: String) throws(TopologyError) -> Field<JSONTopologyDocument> {
        do {
            return try JSONDecoder().decode(Field<JSONTopologyDocument>.self, from: Data(bytes))
        } catch {
            throw syntaxError(decoding: error, in: bytes, source: source)
        }
    }

    /// Decodes anything, for telling arrays from objects.
    private struct Anything: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    /// The name of the kind of value in `container`, for messages.
    fileprivate static func kind(in container: any SingleValueDecodingContainer) -> String {
        if container.decodeNil() { return "null" }
        if (try? container.decode(Bool.self)) != nil { return "a boolean" }
        if (try? container.decode(String.self)) != nil { return "a string" }
        if (try? container.decode(Double.self)) != nil { return "a number" }
        if (try? container.decode([Anything].self)) != nil { return "an array" }
        if (try? container.decode([String: Anything].self)) != nil { return "an object" }
        return "a number too large for a Double"
    }

    /// A ``TopologyError`` for bytes `JSONDecoder` rejected, with a line where possible.
    ///
    /// The line comes from `JSONSerialization`'s error: Darwin gives the byte offset in
    /// `NSJSONSerializationErrorIndex`, Linux only in the text ("… around character 17.").
    private static func syntaxError(decoding decoderError: any Error, in bytes: [UInt8], source: String)
        -> TopologyError
    {
        let nsError: NSError
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return TopologyError(source: source, message: "invalid JSON: \(decoderError)")
        } catch {
            nsError = error as NSError
        }
        let detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
        var line: Int?
        if let offset = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int {
            line = TopologyFormat.line(ofByteOffset: offset, in: bytes)
        } else if let offset = number(after: "around character ", in: detail) {
            line = TopologyFormat.line(ofByteOffset: offset, in: bytes)
        } else if let reported = number(after: "around line ", in: detail) {
            line = reported
        }
        return TopologyError(source: source, line: line, message: "invalid JSON: \(detail)")
    }

    /// The decimal integer right after `prefix` in `text`.
    private static func number(after prefix: String, in text: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }
}
