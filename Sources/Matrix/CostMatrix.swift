/// A dense `count x count` matrix of path values between nodes.
///
/// Storage is row-major `Float` with a padded row stride (so rows do not map to
/// the same cache sets and SIMD tiles divide evenly); padding is never visible
/// through the public API. Unreachable pairs hold the algebra's zero (`+infinity`
/// for costs, `0` for bandwidth) and read back as `nil` from ``value(_:_:)``.
///
/// Accuracy: values are single precision. A shortest-path value is a sum of up to
/// `h` link weights, each rounded once, so its relative error is at most about
/// `h × 6e-8` (h = hops on the path); widest-path values are exact copies of a
/// link's bandwidth rounded to `Float` (relative error ≤ 6e-8).
public struct CostMatrix: Sendable, Hashable {
    /// Number of nodes (rows and columns).
    public let count: Int
    /// Elements between the starts of consecutive rows (≥ `count`).
    public let stride: Int
    /// The algebra the values are in.
    public let algebra: PathAlgebra
    /// `count × stride` values (row-major); entries at columns ≥ `count` are padding.
    public internal(set) var storage: [Float]

    /// A matrix with every pair unreachable and every node at the identity to itself.
    public init(count: Int, stride: Int? = nil, algebra: PathAlgebra) {
        let stride = stride ?? count
        precondition(stride >= count)
        self.count = count
        self.stride = stride
        self.algebra = algebra
        var storage = [Float](repeating: algebra.unreachable, count: max(count * stride, 0))
        for i in 0..<count { storage[i * stride + i] = algebra.identity }
        self.storage = storage
    }

    /// The raw value from `i` to `j`, including the unreachable sentinel.
    @inlinable
    public subscript(i: Int, j: Int) -> Float {
        precondition(i >= 0 && i < count && j >= 0 && j < count, "index out of range")
        return storage[i * stride + j]
    }

    /// The value from `i` to `j`, or `nil` when no path exists.
    public func value(_ i: Int, _ j: Int) -> Float? {
        let v = self[i, j]
        return v == algebra.unreachable ? nil : v
    }

    /// Whether a path exists from `i` to `j`.
    public func isReachable(_ i: Int, _ j: Int) -> Bool {
        self[i, j] != algebra.unreachable
    }

    /// Row `i` as a dense array of `count` values.
    public func row(_ i: Int) -> [Float] {
        Array(storage[(i * stride)..<(i * stride + count)])
    }

    /// The values compacted to a `count × count` row-major array.
    public func dense() -> [Float] {
        if stride == count { return storage }
        var out = [Float]()
        out.reserveCapacity(count * count)
        for i in 0..<count { out.append(contentsOf: storage[(i * stride)..<(i * stride + count)]) }
        return out
    }

    /// Sets a value; used by the engines.
    mutating func set(_ i: Int, _ j: Int, _ v: Float) {
        storage[i * stride + j] = v
    }
}

extension CostMatrix {
    /// Wraps engine output: `storage` holds `count` rows of `stride` values.
    init(count: Int, stride: Int, algebra: PathAlgebra, storage: [Float]) {
        precondition(storage.count == count * stride)
        self.count = count
        self.stride = stride
        self.algebra = algebra
        self.storage = storage
    }
}
