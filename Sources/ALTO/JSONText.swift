import Matrix
import Topology

/// Small helpers for writing JSON text by hand (the hot documents are built as text so
/// that equal content gives equal bytes, which the vtags and ETags rely on).
package enum JSONText {
    /// `text` as a JSON string literal (the topology writer's escaping).
    static package func quoted(_ text: String) -> String { Topology.jsonQuoted(text) }

    /// A finite number: whole numbers without a fraction, others in shortest round-trip form.
    static package func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
