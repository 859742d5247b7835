import ALTO
import Matrix
import Testing
import Topology

@Suite("Request JSON parsing")
struct JSONParserTests {
    static func parse(_ text: String) throws(ALTOError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test("values of every kind, escapes and surrogate pairs")
    func values() throws {
        let value = try Self.parse(
            #" {"a": [1, -2.5e3, 0, true, false, null], "s": "x\"\\\/\n\u00e9\ud83d\ude00", "o": {}} "#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members["a"] == .array([.number(1), .number(-2500), .number(0), .bool(true), .bool(false), .null]))
        #expect(members["s"] == .string("x\"\\/\né😀"))
        #expect(members["o"] == .object([:]))
        #expect(try Self.parse("\"plain ü\"") == .string("plain ü"))
    }

    @Test("a number past a double's range is refused, not read as infinity")
    func outOfRange() {
        #expect(throws: ALTOError.self) { try Self.parse("1e400") }
        #expect(throws: ALTOError.self) { try Self.parse("[-2e308]") }
        #expect(throws: Never.self) { try Self.parse("1.7976931348623157e308") }
    }

    @Test("syntax errors name the line and column")
    func faults() {
        for (text, fragment) in [
            ("{\"a\": 1,\n  }", "line 2, column 3"), ("[1 2]", "expected ',' or ']'"), ("{\"a\" 1}", "expected ':'"),
            ("01", "unexpected text"), ("[1.]", "digits after '.'"), ("\"abc", "unterminated"), ("tru", "literal"),
            ("\"\\ud800\"", "surrogate"), ("{} {}", "after the JSON value"), ("\"a\u{01}\"", "control character"),
        ] {
            #expect {
                try Self.parse(text)
            } throws: { error in
                guard let error = error as? ALTOError, error.code == .syntax else { return false }
                return error.syntaxError?.contains(fragment) == true
            }
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func depth() {
        #expect(throws: ALTOError.self) {
            try Self.parse(String(repeating: "[", count: 100_000))
        }
        #expect(throws: Never.self) {
            try Self.parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
        }
    }
}
