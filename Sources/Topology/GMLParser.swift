/// A tokenizer and parser for GML (Graph Modelling Language) as written by the Internet
/// Topology Zoo and networkx.
///
/// A GML document is a list of `key value` pairs. A key is a letter or `_` followed by
/// letters, digits and `_`. A value is an integer, a real (`1.5`, `-2e9`, and networkx's
/// `INF`/`NAN`), a string in double quotes (no escapes; may span lines; the HTML entities
/// `&amp; &quot; &lt; &gt; &apos; &#NN;` are decoded), or a list `[ key value ... ]`.
/// `#` starts a comment that runs to the end of the line. Every entry keeps its line, so
/// callers can point at the node or edge at fault.
struct GMLParser {
    /// One `key value` pair.
    struct Entry {
        var key: String
        var value: Value
        /// 1-based line of the key.
        var line: Int
    }

    enum Value {
        /// A number and its text as written.
        case number(Double, text: String)
        case string(String)
        case list([Entry])

        var kind: String {
            switch self {
            case .number: "a number"
            case .string: "a string"
            case .list: "a list"
            }
        }
    }

    /// Lists may nest this deep; more is surely not a topology and would risk the stack.
    static let maximumDepth = 64

    private enum Token {
        case key(String)
        case number(Double, text: String)
        case string(String)
        case open
        case close
        case end

        var kind: String {
            switch self {
            case .key(let key): "key '\(key)'"
            case .number(_, let text): "number \(text)"
            case .string: "a string"
            case .open: "'['"
            case .close: "']'"
            case .end: "the end of the file"
            }
        }
    }

    private let bytes: [UInt8]
    private let source: String
    private var position = 0
    private var line = 1

    /// The top-level entries of `bytes`.
    ///
    /// - Throws: the first syntax error: an unterminated string or list, a key without a
    ///   value, a value where a key belongs, a stray `]`, or a character GML does not allow.
    static func parse(_ bytes: [UInt8], source: String) throws(TopologyError) -> [Entry] {
        var parser = GMLParser(bytes: bytes, source: source)
        return try parser.parseList(openedAt: nil, depth: 0)
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    // MARK: Parsing

    /// Entries up to the `]` closing a list opened by `opener` (key and line), or to the end
    /// of the file for the top level.
    private mutating func parseList(openedAt opener: (key: String, line: Int)?, depth: Int) throws(TopologyError)
        -> [Entry]
    {
        var entries: [Entry] = []
        while true {
            let (token, tokenLine) = try nextToken()
            switch token {
            case .key(let key):
                let (value, valueLine) = try nextToken()
                switch value {
                case .number(let value, let text):
                    entries.append(Entry(key: key, value: .number(value, text: text), line: tokenLine))
                case .string(let text):
                    entries.append(Entry(key: key, value: .string(text), line: tokenLine))
                case .key(let word) where Self.specialReal(word) != nil:
                    entries.append(
                        Entry(key: key, value: .number(Self.specialReal(word)!, text: word), line: tokenLine))
                case .open:
                    guard depth < Self.maximumDepth else {
                        throw error("lists nested more than \(Self.maximumDepth) deep", line: valueLine, element: key)
                    }
                    let list = try parseList(openedAt: (key, valueLine), depth: depth + 1)
                    entries.append(Entry(key: key, value: .list(list), line: tokenLine))
                case let other:
                    throw error("key '\(key)' has no value (found \(other.kind))", line: tokenLine, element: nil)
                }
            case .close:
                guard opener != nil else {
                    throw error("']' without a matching '['", line: tokenLine, element: nil)
                }
                return entries
            case .end:
                if let opener {
                    throw error(
                        "list '\(opener.key) [' opened on line \(opener.line) is never closed",
                        line: opener.line, element: opener.key)
                }
                return entries
            case let other:
                throw error("expected a key, found \(other.kind)", line: tokenLine, element: nil)
            }
        }
    }

    /// networkx writes non-finite reals as bare words; read them as numbers.
    private static func specialReal(_ word: String) -> Double? {
        switch word.uppercased() {
        case "INF", "INFINITY": .infinity
        case "NAN": .nan
        default: nil
        }
    }

    private func error(_ message: String, line: Int, element: String?) -> TopologyError {
        TopologyError(source: source, line: line, element: element, message: message)
    }

    // MARK: Tokens

    /// The next token and the line it starts on.
    private mutating func nextToken() throws(TopologyError) -> (Token, line: Int) {
        skipBlanksAndComments()
        let startLine = line
        return (try token(), startLine)
    }

    private mutating func token() throws(TopologyError) -> Token {
        guard position < bytes.count else { return .end }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "["):
            position += 1
            return .open
        case UInt8(ascii: "]"):
            position += 1
            return .close
        case UInt8(ascii: "\""):
            return try stringToken()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return try numberToken()
        case _ where Self.isKeyStart(byte):
            let start = position
            while position < bytes.count, Self.isKeyStart(bytes[position]) || Self.isDigit(bytes[position]) {
                position += 1
            }
            return .key(String(decoding: bytes[start..<position], as: UTF8.self))
        default:
            let character = Self.character(at: position, in: bytes)
            throw error("unexpected character '\(character)'", line: line, element: nil)
        }
    }

    private mutating func skipBlanksAndComments() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x0A:
                line += 1
                position += 1
            case 0x20, 0x09, 0x0D:
                position += 1
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            default:
                return
            }
        }
    }

    private mutating func stringToken() throws(TopologyError) -> Token {
        let startLine = line
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else {
            throw error("string opened on line \(startLine) is never closed", line: startLine, element: nil)
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return .string(Self.decodingEntities(text))
    }

    /// A number: optional sign, digits with an optional fraction (or a fraction alone), an
    /// optional exponent; or a signed `INF`/`NAN`.
    private mutating func numberToken() throws(TopologyError) -> Token {
        let start = position
        while position < bytes.count, Self.isNumberCharacter(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard Self.isWellFormedNumber(text), let value = Double(text) else {
            throw error("malformed number '\(text)'", line: line, element: nil)
        }
        return .number(value, text: text)
    }

    private static func isWellFormedNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        if specialReal(String(rest)) != nil { return true }
        let integer = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(integer.count)
        var fraction = Substring("")
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            let exponent = rest.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Characters that may continue a number token (letters too, so `12abc` and `-INF`
    /// are read whole and then judged).
    private static func isNumberCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || isKeyStart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-")
    }

    /// The (possibly multi-byte) character starting at `index`, for messages.
    private static func character(at index: Int, in bytes: [UInt8]) -> String {
        var end = index + 1
        while end < bytes.count, end < index + 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }

    /// Replaces the HTML entities GML writers use for characters strings cannot hold.
    private static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            rest = rest[ampersand...]
            if let semicolon = rest.prefix(12).firstIndex(of: ";"),
                let decoded = entity(rest[rest.index(after: ampersand)..<semicolon])
            {
                out.unicodeScalars.append(decoded)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out += "&"
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    private static func entity(_ name: Substring) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "quot": return "\""
        case "lt": return "<"
        case "gt": return ">"
        case "apos": return "'"
        default:
            guard name.first == "#" else { return nil }
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}
