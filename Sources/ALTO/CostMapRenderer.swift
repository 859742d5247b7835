public import Matrix
public import NIOCore
import Topology

/// Writes the `cost-map` member of RFC 7285 cost maps (full or filtered) from a
/// ``CostMatrix``, and the ordinal ranks of its values.
///
/// **Ordinal mode** (RFC 7285 §6.1.2.2, §6.2): a value's rank among *all* the values the
/// response publishes ("relative to the m*n entries"), not per source row: 1 for the
/// best (lowest cost; highest bandwidth), equal values share a rank, ranks are dense.
/// **Constraints** (§11.3.2.3) are tested against the published value, so in ordinal
/// mode against the rank, as the RFC warns clients.
public struct CostMapRenderer: Sendable {
    public var matrix: CostMatrix
    public var pids: [String]

    public init(matrix: CostMatrix, pids: [String]) {
        precondition(matrix.count == pids.count)
        self.matrix = matrix
        self.pids = pids
    }

    /// Whether pair (i, j) has a value to publish: reachable, and no self-pair for
    /// bandwidth (a node to itself has no bottleneck). RFC 7285 lets a map omit pairs
    /// whose cost is not defined.
    public func isPublished(_ i: Int, _ j: Int) -> Bool {
        matrix.isReachable(i, j) && !(i == j && matrix.algebra == .widest)
    }

    /// Rank of each distinct published value over the pairs `sources` × `destinations`.
    /// - Complexity: O(m·n + d log d) for d distinct values.
    /// Values are ranked as published (to 6 significant digits, see ``number(_:)``), so
    /// two costs that print alike share a rank.
    public func ranks(sources: [Int], destinations: [Int]) -> [Double: Int] {
        var distinct = Set<Double>()
        for i in sources {
            for j in destinations where isPublished(i, j) { distinct.insert(Self.rounded(Double(matrix[i, j]))) }
        }
        let ascending = matrix.algebra == .shortest
        let order = distinct.sorted { ascending ? $0 < $1 : $0 > $1 }
        var rank: [Double: Int] = [:]
        rank.reserveCapacity(order.count)
        for (k, v) in order.enumerated() { rank[v] = k + 1 }
        return rank
    }

    /// The `cost-map` object for `sources` × `destinations` (PID indices, in the order
    /// given), keeping only published pairs that meet every constraint. A source with no
    /// pair left is left out.
    /// - Complexity: O(m·n) plus the ranking in ordinal mode.
    public func json(
        sources: [Int], destinations: [Int], mode: CostMode, constraints: [CostConstraint] = []
    ) -> String {
        var out = ByteBuffer()
        // Not cancellable, so it cannot throw: the whole map is always written.
        try? write(
            into: &out, sources: sources, destinations: destinations, mode: mode, constraints: constraints,
            cancellable: false)
        return String(buffer: out)
    }

    /// Writes the `cost-map` object (see ``json(sources:destinations:mode:constraints:)``)
    /// straight into `out` as UTF-8: no intermediate strings, so a map of millions of
    /// pairs is held once. When `cancellable`, checks every 64 rows whether the calling
    /// task was cancelled.
    /// - Throws: `CancellationError` when it was; `out` then holds part of the map.
    /// - Complexity: O(m·n) plus the ranking in ordinal mode.
    public func write(
        into out: inout ByteBuffer, sources: [Int], destinations: [Int], mode: CostMode,
        constraints: [CostConstraint] = [], cancellable: Bool = true
    ) throws(CancellationError) {
        let rank = mode == .ordinal ? ranks(sources: sources, destinations: destinations) : [:]
        // Each PID once as `"name":` bytes.
        let keys = pids.map { Array(("\"" + $0 + "\":").utf8) }
        var numbers = NumberCache()
        out.reserveCapacity(out.writerIndex + min(sources.count * destinations.count * 16 + 2, 1 << 30))
        out.writeInteger(UInt8(ascii: "{"))
        var firstRow = true
        var row: [UInt8] = []
        for (k, i) in sources.enumerated() {
            if cancellable, k & 63 == 63, Task.isCancelled { throw CancellationError() }
            row.removeAll(keepingCapacity: true)
            for j in destinations where isPublished(i, j) {
                let raw = matrix[i, j]
                let value = mode == .ordinal ? Double(rank[Self.rounded(Double(raw))]!) : Double(raw)
                guard constraints.isEmpty || constraints.allSatisfy({ $0.isMet(by: value) }) else { continue }
                if !row.isEmpty { row.append(UInt8(ascii: ",")) }
                row.append(contentsOf: keys[j])
                numbers.append(value, to: &row)
            }
            guard !row.isEmpty || constraints.isEmpty else { continue }
            if !firstRow { out.writeInteger(UInt8(ascii: ",")) }
            firstRow = false
            out.writeBytes(keys[i])
            out.writeInteger(UInt8(ascii: "{"))
            out.writeBytes(row)
            out.writeInteger(UInt8(ascii: "}"))
        }
        out.writeInteger(UInt8(ascii: "}"))
    }

    /// ``number(_:)`` as bytes: whole numbers written digit by digit, other values
    /// formatted once each and then copied.
    struct NumberCache {
        private var formatted: [UInt64: [UInt8]] = [:]

        mutating func append(_ value: Double, to out: inout [UInt8]) {
            // Whole numbers under a million have at most 6 digits: rounding leaves them be.
            let rounded = value == value.rounded() && abs(value) < 1e6 ? value : CostMapRenderer.rounded(value)
            if value.isFinite, rounded == rounded.rounded(), abs(rounded) < 1e15 {
                var n = Int64(rounded)
                if n == 0 {
                    out.append(UInt8(ascii: "0"))
                    return
                }
                if n < 0 {
                    out.append(UInt8(ascii: "-"))
                    n = -n
                }
                var digits:
                    (
                        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                        UInt8, UInt8, UInt8, UInt8
                    ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                var count = 0
                withUnsafeMutableBytes(of: &digits) { buffer in
                    while n > 0 {
                        buffer[count] = UInt8(48 + n % 10)
                        n /= 10
                        count += 1
                    }
                    for k in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[k]) }
                }
                return
            }
            if let bytes = formatted[value.bitPattern] {
                out.append(contentsOf: bytes)
                return
            }
            let bytes = Array(CostMapRenderer.number(value).utf8)
            if formatted.count < 1 << 16 { formatted[value.bitPattern] = bytes }
            out.append(contentsOf: bytes)
        }
    }

    /// A cost as text, to 6 significant digits: `Float` storage holds about 7, and a
    /// path sum of h links carries a relative error up to about h × 6e-8, so a 7th digit
    /// would show summation noise (`0.70000005` for 0.3 + 0.4). Whole numbers print
    /// without a fraction.
    public static func number(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
        let rounded = rounded(value)
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return "\(rounded)"
    }

    /// `value` at 6 significant digits.
    public static func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let scale = pow10(5 - Int(abs(value).log10Floor))
        return (value * scale).rounded() / scale
    }

    private static func pow10(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result *= 10 }
        return k >= 0 ? result : 1 / result
    }
}

extension Double {
    /// ⌊log₁₀ self⌋ for positive finite values, exact at powers of ten.
    fileprivate var log10Floor: Double {
        var e = 0.0
        var v = self
        while v >= 10 {
            v /= 10
            e += 1
        }
        while v < 1 {
            v *= 10
            e -= 1
        }
        return e
    }
}
