import ALTO
import Foundation
import Matrix
import Testing

/// The hand-written request parser against Foundation's `JSONSerialization`, over
/// thousands of seeded random documents and as many malformed ones: both must accept the
/// same texts and read the same values.
@Suite("Request JSON parsing, differential against JSONSerialization")
struct JSONParserDifferentialTests {
    /// Random JSON text from a seed: every kind of value, nesting, escapes (`\n`, `\u00e9`,
    /// surrogate pairs), raw UTF-8, numbers with fractions and exponents, and random
    /// whitespace between tokens.
    struct Writer {
        var rng: SplitMix64

        mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        mutating func space() -> String {
            [" ", "", "", "\n", "\t", "  ", "\r\n"][int(7)]
        }

        mutating func string() -> String {
            var out = "\""
            for _ in 0..<int(8) {
                switch int(10) {
                case 0: out += ["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r"][int(8)]
                case 1: out += String(format: "\\u%04x", 0x20 + int(0x2000))
                case 2: out += "\\ud83d\\ude00"  // a surrogate pair: 😀
                case 3: out += ["é", "中", "😀", "ß"][int(4)]
                default: out += String(UnicodeScalar(UInt8(97 + int(26))))
                }
            }
            return out + "\""
        }

        mutating func number() -> String {
            var out = int(3) == 0 ? "-" : ""
            out += int(4) == 0 ? "0" : String(1 + int(999_999))
            if int(2) == 0 { out += "." + String(int(100_000)) }
            if int(3) == 0 { out += ["e", "E", "e+", "e-"][int(4)] + String(int(30)) }
            return out
        }

        mutating func value(depth: Int) -> String {
            let kind = depth > 4 ? int(4) : int(6)
            switch kind {
            case 0: return ["null", "true", "false"][int(3)]
            case 1: return number()
            case 2, 3: return string()
            case 4:
                let items = (0..<int(5)).map { _ in space() + value(depth: depth + 1) + space() }
                return "[" + items.joined(separator: ",") + "]"
            default:
                var keys = Set<String>()
                var members: [String] = []
                for _ in 0..<int(5) {
                    let key = string()
                    guard keys.insert(key).inserted else { continue }  // duplicate keys: no agreed meaning
                    members.append(space() + key + space() + ":" + space() + value(depth: depth + 1) + space())
                }
                return "{" + members.joined(separator: ",") + "}"
            }
        }
    }

    /// Whether our value and Foundation's are the same JSON value (numbers within 1 ulp of
    /// relative error: both parse decimal text to the nearest double).
    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let b):
            guard let n = theirs as? NSNumber, CFNumberGetTypeIDShim.isBool(n) else { return false }
            return n.boolValue == b
        case .number(let x):
            guard let n = theirs as? NSNumber, !CFNumberGetTypeIDShim.isBool(n) else { return false }
            let y = n.doubleValue
            return x == y || abs(x - y) <= abs(x) * 2 * Double.ulpOfOne
        case .string(let s): return (theirs as? String) == s
        case .array(let items):
            guard let other = theirs as? [Any], other.count == items.count else { return false }
            return zip(items, other).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let other = theirs as? [String: Any], other.count == members.count else { return false }
            return members.allSatisfy { key, value in other[key].map { same(value, $0) } ?? false }
        }
    }

    static func foundation(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test("3,000 random documents: both accept each and read the same value")
    func validDocuments() throws {
        var writer = Writer(rng: SplitMix64(seed: 20_261_129))
        var mismatches: [String] = []
        for _ in 0..<3_000 {
            let text = writer.space() + writer.value(depth: 0) + writer.space()
            let theirs = try #require(Self.foundation(text), "Foundation refused \(text)")
            do {
                let ours = try JSONValue.parse(Array(text.utf8))
                if !Self.same(ours, theirs) { mismatches.append(text) }
            } catch {
                mismatches.append("\(text): \(error)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("3,000 malformed documents: ours refuses each that Foundation refuses, and the other way")
    func malformedDocuments() {
        var writer = Writer(rng: SplitMix64(seed: 7_285))
        let junk: [String] = [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "NaN",
            "Infinity", "'", "\u{0}", "\t\"", "\\u12", "\\ud800", "\\x", "/*", "1 2",
        ]
        var disagreements: [String] = []
        var refused = 0
        for _ in 0..<3_000 {
            var bytes = Array(writer.value(depth: 0).utf8)
            // One to three edits: delete, duplicate, or insert a junk token.
            for _ in 0..<(1 + writer.int(3)) {
                let at = bytes.isEmpty ? 0 : writer.int(bytes.count)
                switch writer.int(3) {
                case 0: if !bytes.isEmpty { bytes.remove(at: at) }
                case 1: if !bytes.isEmpty { bytes.insert(bytes[at], at: at) }
                default: bytes.insert(contentsOf: Array(junk[writer.int(junk.count)].utf8), at: at)
                }
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else { continue }  // both refuse bad UTF-8
            let theirs = Self.foundation(text)
            let ours = try? JSONValue.parse(bytes)
            if ours == nil { refused += 1 }
            switch (ours, theirs) {
            case (nil, nil): break
            case (let ours?, let theirs?): if !Self.same(ours, theirs) { disagreements.append("value: \(text)") }
            case (nil, _?):
                // Foundation reads a lone surrogate escape (\ud800) as U+FFFD (RFC 8259 §8.2
                // leaves it undefined; we refuse it), and stops reading at a NUL byte (we
                // refuse the text). Every other difference is a bug.
                if !text.contains("\\ud800") && !text.contains("\u{0}") {
                    disagreements.append("only Foundation accepts: \(text)")
                }
            case (_?, nil): disagreements.append("only ours accepts: \(text)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(refused > 1_500)  // the edits do break most documents
    }
}

/// `NSNumber` booleans and numbers are both `NSNumber`; Foundation on Linux tells them
/// apart by their Objective-C type encoding.
enum CFNumberGetTypeIDShim {
    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }
}
