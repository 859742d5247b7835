/// The path algebra (semiring) an all-pairs computation works in.
///
/// Every metric is one of two closed semirings over `Float`:
/// - ``shortest``: (min, +). A path costs the sum of its links; the best path is the
///   cheapest. Unreachable is `+infinity`, a node to itself `0`.
/// - ``widest``: (max, min). A path's width is its narrowest link; the best path is
///   the widest. Unreachable is `0`, a node to itself `+infinity` (no bottleneck).
public enum PathAlgebra: String, Sendable, Codable, CaseIterable {
    case shortest
    case widest

    /// The value of a pair with no path (the semiring's zero).
    public var unreachable: Float {
        self == .shortest ? .infinity : 0
    }

    /// The value of a node to itself (the semiring's one).
    public var identity: Float {
        self == .shortest ? 0 : .infinity
    }

    /// The better of two path values (semiring addition).
    @inlinable
    public func better(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .shortest: b < a ? b : a
        case .widest: b > a ? b : a
        }
    }

    /// Whether `a` is strictly better than `b`.
    @inlinable
    public func isBetter(_ a: Float, than b: Float) -> Bool {
        switch self {
        case .shortest: a < b
        case .widest: a > b
        }
    }

    /// A path value extended by one more link (semiring multiplication).
    @inlinable
    public func extend(_ path: Float, _ link: Float) -> Float {
        switch self {
        case .shortest: path + link
        case .widest: link < path ? link : path
        }
    }
}
