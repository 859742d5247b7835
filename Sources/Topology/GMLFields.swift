/// Reads typed fields out of one GML `node [ ... ]` or `edge [ ... ]` list, reporting a
/// wrong type, a missing required key, or a key given twice, at the line of the key.
struct GMLFields {
    private let fields: [GMLParser.Entry]
    private let location: TopologyBuilder.Location
    /// Line of each key read so far, for problems found later about its value.
    private(set) var lines: [String: Int] = [:]

    init(_ fields: [GMLParser.Entry], location: TopologyBuilder.Location) {
        self.fields = fields
        self.location = location
    }

    /// Where the problem with `key` is: its own line if it was read, else the element's.
    func location(of key: String) -> TopologyBuilder.Location {
        .init(line: lines[key] ?? location.line, element: location.element)
    }

    /// A required node id: an integer in canonical decimal text (`+07` reads as `7`), any
    /// other number as written, or a non-empty string.
    mutating func identifier(_ key: String, builder: inout TopologyBuilder) -> String? {
        guard let entry = unique([key], builder: &builder) else {
            builder.report("missing '\(key)'", at: location)
            return nil
        }
        switch entry.value {
        case .number(_, let text):
            return Int(text).map(String.init) ?? text
        case .string(let text) where !text.isEmpty:
            return text
        case .string:
            builder.report("'\(key)' is empty", at: location(of: key))
        case .list:
            builder.report("'\(key)' must be a number or a string, found a list", at: location(of: key))
        }
        return nil
    }

    /// An optional string; a number is taken as its text.
    mutating func text(_ key: String, builder: inout TopologyBuilder) -> String? {
        guard let entry = unique([key], builder: &builder) else { return nil }
        switch entry.value {
        case .string(let text): return text
        case .number(_, let text): return text
        case .list:
            builder.report("'\(key)' must be a string, found a list", at: location(of: key))
            return nil
        }
    }

    /// An optional number under any of `keys` (spellings of one field).
    mutating func number(_ keys: [String], builder: inout TopologyBuilder) -> Double? {
        guard let entry = unique(keys, builder: &builder) else { return nil }
        guard case .number(let value, _) = entry.value else {
            builder.report("'\(entry.key)' must be a number, found \(entry.value.kind)", at: location(of: entry.key))
            return nil
        }
        return value
    }

    /// The one entry under `keys`, reporting a repeat; records its line.
    private mutating func unique(_ keys: [String], builder: inout TopologyBuilder) -> GMLParser.Entry? {
        let matches = fields.filter { keys.contains($0.key) }
        guard let first = matches.first else { return nil }
        for entry in matches.dropFirst() {
            builder.report(
                "'\(entry.key)' given again (first on line \(first.line))",
                at: .init(line: entry.line, element: location.element))
        }
        for key in keys { lines[key] = first.line }
        return first
    }
}
