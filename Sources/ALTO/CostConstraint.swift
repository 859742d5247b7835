import Matrix
import Topology

/// One filter on cost values (RFC 7285 §11.3.2.3): `"[operator] [value]"` with the
/// operators `lt`, `le`, `gt`, `ge`, `eq`, e.g. `"le 10"`. A list of them is a
/// conjunction; values are in the cost type's own units.
public struct CostConstraint: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case lt, le, gt, ge, eq
    }

    public var op: Operator
    public var value: Double

    public init(op: Operator, value: Double) {
        self.op = op
        self.value = value
    }

    /// Parses `"le 10"`; `nil` unless it is exactly an operator, one space and a finite number.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let op = Operator(rawValue: String(parts[0])),
            let value = Double(parts[1]), value.isFinite
        else { return nil }
        self.init(op: op, value: value)
    }

    /// Whether a cost meets the constraint.
    public func isMet(by cost: Double) -> Bool {
        switch op {
        case .lt: cost < value
        case .le: cost <= value
        case .gt: cost > value
        case .ge: cost >= value
        case .eq: cost == value
        }
    }

    public var description: String { "\(op.rawValue) \(JSONText.number(value))" }
}
