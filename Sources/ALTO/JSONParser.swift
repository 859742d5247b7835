import Matrix
import Topology

/// A strict RFC 8259 JSON parser producing ``JSONValue``, for request bodies.
///
/// Written for speed on small bodies (no `Decodable` machinery, no thrown errors on the
/// happy path) and for useful `E_SYNTAX` messages: a fault is reported with its line and
/// column. Nesting deeper than ``maximumDepth`` is refused rather than risking the stack.
package struct JSONParser {
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    /// A syntax fault and where it is (1-based line and column, in bytes).
    struct Fault: Error {
        var message: String
        var line: Int
        var column: Int
        var description: String { "line \(line), column \(column): \(message)" }
    }

    static func parse(_ bytes: [UInt8]) throws(Fault) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fault("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func fault(_ message: String) -> Fault {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 10 {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Fault(message: message, line: line, column: column)
    }

    private mutating func skipSpace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    private mutating func value(depth: Int) throws(Fault) -> JSONValue {
        guard depth < Self.maximumDepth else { throw fault("nesting deeper than \(Self.maximumDepth) levels") }
        guard index < bytes.count else { throw fault("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fault("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Fault) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<index + count])
        else { throw fault("invalid literal, expected \(word)") }
        index += count
        return value
    }

    private mutating func object(depth: Int) throws(Fault) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fault("expected a member name in quotes")
            }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fault("expected ':' after a member name")
            }
            index += 1
            skipSpace()
            members[key] = try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw fault("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fault("expected ',' or '}' in an object") }
            index += 1
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(Fault) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw fault("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fault("expected ',' or ']' in an array") }
            index += 1
            return .array(elements)
        }
    }

    private mutating func string() throws(Fault) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fault("control character in a string") }
            index += 1
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: try utf8(start..<index).unicodeScalars)
        var pending: [UInt8] = []
        var pendingStart = index
        func flush() throws(Fault) {
            if !pending.isEmpty {
                guard let text = String(validating: pending, as: UTF8.self) else {
                    index = pendingStart
                    throw fault("a string is not valid UTF-8")
                }
                scalars.append(contentsOf: text.unicodeScalars)
                pending.removeAll(keepingCapacity: true)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush()
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw fault("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                if pending.isEmpty { pendingStart = index }
                pending.append(byte)
                index += 1
                continue
            }
            try flush()
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw fault("unpaired surrogate in \\u escape") }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fault("unpaired surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw fault("unpaired surrogate in \\u escape")
                }
                scalars.append(Unicode.Scalar(code)!)
            default:
                index -= 1
                throw fault("invalid escape in a string")
            }
        }
        throw fault("unterminated string")
    }

    /// The bytes of `range` as text; invalid UTF-8 is a fault, never replaced with U+FFFD
    /// (RFC 8259 §8.1: JSON text exchanged between systems is UTF-8).
    private mutating func utf8(_ range: Range<Int>) throws(Fault) -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            index = range.lowerBound
            throw fault("a string is not valid UTF-8")
        }
        return text
    }

    private mutating func hex4() throws(Fault) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fault("\\u needs four hex digits") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case 48...57: digit = UInt32(c - 48)
            case 65...70: digit = UInt32(c - 55)
            case 97...102: digit = UInt32(c - 87)
            default: throw fault("\\u needs four hex digits")
            }
            code = code << 4 | digit
            index += 1
        }
        return code
    }

    /// A number by the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(Fault) -> Double {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (48...57).contains(bytes[index]) else { throw fault("a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            _ = digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fault("a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw fault("a number needs digits in its exponent") }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw fault("not a number")
        }
        // RFC 8259 §6 lets a parser limit the range; past a double's, the value would be
        // infinite, and an infinite capacity or cost is no answer anyone asked for.
        guard value.isFinite else {
            index = start
            throw fault("the number is out of range")
        }
        // Nor is a value too small for a double: a non-zero literal such as 1e-400 would
        // read as 0. Refused, as every route's decoder refuses it.
        if value == 0,
            bytes[start..<index].prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") })
                .contains(where: { (49...57).contains($0) })
        {
            index = start
            throw fault("the number is out of range (too small for a double)")
        }
        return value
    }
}
