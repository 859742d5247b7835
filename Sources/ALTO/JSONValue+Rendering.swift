import Matrix
import Topology

extension JSONValue {
    /// The value as compact JSON text, object members in key order, so equal values give
    /// equal bytes (vtags hash this text).
    public var jsonText: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONText.number(n)
        case .string(let s): out += JSONText.quoted(s)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.render(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quoted(key)
                out += ":"
                members[key]!.render(into: &out)
            }
            out += "}"
        }
    }
}
