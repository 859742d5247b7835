/// Why a topology file could not be read, or a topology could not be resolved.
///
/// Parsers collect every problem they can find before throwing, so one run shows all of
/// them. `line`, `element` and `message` describe the first problem; ``problems`` lists
/// all of them in the order found (usually file order).
///
/// `description` prints one problem per line in compiler style:
/// `europe.gml:41: edge[3]: target 99 is not a node id`.
public struct TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One thing wrong with the input.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// 1-based line in the source file, when known.
        public var line: Int?
        /// The element at fault, such as `links[3]` (JSON) or `edge[3]` (GML).
        public var element: String?
        /// What is wrong, in a sentence fragment without a trailing period.
        public var message: String

        public init(line: Int? = nil, element: String? = nil, message: String) {
            self.line = line
            self.element = element
            self.message = message
        }

        /// `line: element: message`, leaving out the parts that are unknown.
        public var description: String {
            var text = ""
            if let line { text += "\(line): " }
            if let element { text += "\(element): " }
            return text + message
        }
    }

    /// The file name (or other label) given to the parser; `topology` for ``Topology/resolved(_:)``.
    public var source: String
    /// 1-based line of the first problem, when known.
    public var line: Int?
    /// The element of the first problem, when there is one.
    public var element: String?
    /// The first problem.
    public var message: String
    /// Problems after the first, in the order found.
    public var moreProblems: [Problem]

    public init(source: String, line: Int? = nil, element: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.element = element
        self.message = message
        self.moreProblems = []
    }

    /// An error listing `problems`, which must not be empty.
    public init(source: String, problems: [Problem]) {
        precondition(!problems.isEmpty, "a TopologyError needs at least one problem")
        let first = problems[0]
        self.init(source: source, line: first.line, element: first.element, message: first.message)
        self.moreProblems = Array(problems.dropFirst())
    }

    /// Every problem, the first one included.
    public var problems: [Problem] {
        [Problem(line: line, element: element, message: message)] + moreProblems
    }

    /// How many problems `description` prints before summarising the rest.
    static let describedProblemLimit = 20

    /// One `source:line: element: message` line per problem (at most 20, then a count).
    public var description: String {
        let all = problems
        var lines = all.prefix(Self.describedProblemLimit).map { problem in
            problem.line == nil ? "\(source): \(problem)" : "\(source):\(problem)"
        }
        if all.count > Self.describedProblemLimit {
            lines.append("\(source): … and \(all.count - Self.describedProblemLimit) more problems")
        }
        return lines.joined(separator: "\n")
    }
}
