public import ALTO

/// Writes JSON values as YAML 1.2 block documents, for `kubectl apply -f` and GitOps
/// tools.
///
/// Every JSON value has one YAML form here, and it reads back as the same JSON value
/// (YAML 1.2 is a superset of JSON): strings are written plain only when they cannot be
/// read as anything else (no `true`, `null`, `1.0`, `0x1f`, `~`, leading indicators,
/// `: ` or ` #`), and double-quoted with JSON escapes otherwise. Object keys come in
/// Kubernetes' customary order: `apiVersion`, `kind`, `metadata`, `name`, `namespace`,
/// `spec`, `status`, then the rest alphabetically.
/// - Complexity: O(size of the value).
public enum YAMLWriter {
    /// One document, ending in a newline.
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out, inList: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    /// Documents separated by `---` lines, each optionally preceded by comment lines.
    public static func stream(_ documents: [(comment: String?, value: JSONValue)]) -> String {
        var out = ""
        for (comment, value) in documents {
            out += "---\n"
            if let comment {
                for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
            }
            out += document(value)
        }
        return out
    }

    static let keyOrder = ["apiVersion", "kind", "metadata", "name", "namespace", "spec", "status"]

    static func orderedKeys(_ o: [String: JSONValue]) -> [String] {
        o.keys.sorted { a, b in
            let i = keyOrder.firstIndex(of: a) ?? keyOrder.count
            let j = keyOrder.firstIndex(of: b) ?? keyOrder.count
            return i != j ? i < j : a < b
        }
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String, inList: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o) where !o.isEmpty:
            for (n, key) in orderedKeys(o).enumerated() {
                if n > 0 || !inList { out += pad }
                out += scalar(key) + ":"
                writeMember(o[key]!, indent: indent, into: &out)
            }
        case .array(let a) where !a.isEmpty:
            for item in a {
                out += pad + "-"
                switch item {
                case .object(let o) where !o.isEmpty:
                    out += " "
                    write(item, indent: indent + 2, into: &out, inList: true)
                case .array(let inner) where !inner.isEmpty:
                    out += "\n"
                    write(item, indent: indent + 2, into: &out, inList: false)
                default: out += " " + inline(item) + "\n"
                }
            }
        default:
            out += (inList ? "" : pad) + inline(value) + "\n"
        }
    }

    private static func writeMember(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let o) where !o.isEmpty:
            out += "\n"
            write(value, indent: indent + 2, into: &out, inList: false)
        case .array(let a) where !a.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out, inList: false)
        default:
            out += " " + inline(value) + "\n"
        }
    }

    /// A scalar or an empty collection on one line.
    static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): JSONText.number(n)
        case .string(let s): scalar(s)
        case .array: "[]"
        case .object: "{}"
        }
    }

    /// A string as a plain scalar when that reads back as the same string, else quoted.
    static func scalar(_ s: String) -> String { isPlainSafe(s) ? s : quoted(s) }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        // Letters, digits and a few inner punctuation marks only, not starting with a digit
        // (no number, date, 0x1f, 0b101 or 1e5 to any reader), nor an indicator.
        let allowed = s.unicodeScalars.allSatisfy { c in
            (0x61...0x7A).contains(c.value) || (0x41...0x5A).contains(c.value) || (0x30...0x39).contains(c.value)
                || "-_./".unicodeScalars.contains(c)
        }
        guard allowed, !(0x30...0x39).contains(first.value), first != "-", first != ".", last != "." else {
            return false
        }
        let words: Set<String> = [
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
        ]
        return !words.contains(s.lowercased())
    }

    /// A double-quoted scalar: `"` and `\` escaped, and every control or line-breaking
    /// character (C0, DEL, C1, U+2028, U+2029, U+FEFF) as `\uXXXX` or its short escape, so
    /// every reader reads back the same string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = c.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
