// Tile kernels for the blocked all-pairs closure, shared by every kernel target.
//
// This one source file is compiled three times (KernelsGeneric, KernelsAVX2,
// KernelsAVX512 symlink it) with different `-march` flags; `KernelConfig.swift` in
// each target sets the vector width and register block. Nothing here is
// `@inlinable`: a kernel inlined into a module built without the CPU flags would
// lose its vector code, so every entry point stays an out-of-line call.
//
// Matrices are row-major `Float` with a row stride in elements. Pointers may
// alias where a function says so; all arithmetic is on IEEE single precision.

/// One semiring's two vector operations, specialised into each entry point.
@usableFromInline
protocol TileSemiring {
    /// The "addition" of the semiring: keeps the better of two values (min or max).
    static func better(_ current: Lane, _ candidate: Lane) -> Lane
    /// The "multiplication" of the semiring: extends a path by a step (+ or min).
    static func extend(_ a: Lane, _ b: Lane, unit: Lane) -> Lane
}

/// (min, +): shortest paths, hop counts, and (with negated inputs) max-plus.
@usableFromInline
enum MinPlus: TileSemiring {
    @inline(__always)
    static func better(_ current: Lane, _ candidate: Lane) -> Lane {
        // `replacing(with:where:)` lowers to one vminps; `pointwiseMin` does not.
        current.replacing(with: candidate, where: candidate .< current)
    }
    @inline(__always)
    static func extend(_ a: Lane, _ b: Lane, unit: Lane) -> Lane {
        // a + b * 1 as a fused multiply-add issues on the FMA pipes, leaving the
        // min pipes free; the product by exactly 1.0 makes it bit-identical to a + b.
        useFusedAdd ? a.addingProduct(b, unit) : a + b
    }
}

/// (max, min): widest (maximum-bottleneck) paths.
@usableFromInline
enum MaxMin: TileSemiring {
    @inline(__always)
    static func better(_ current: Lane, _ candidate: Lane) -> Lane {
        current.replacing(with: candidate, where: candidate .> current)
    }
    @inline(__always)
    static func extend(_ a: Lane, _ b: Lane, unit: Lane) -> Lane {
        a.replacing(with: b, where: b .< a)
    }
}

@inline(__always)
func load(_ p: UnsafePointer<Float>) -> Lane {
    UnsafeRawPointer(p).loadUnaligned(as: Lane.self)
}

@inline(__always)
func store(_ v: Lane, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lane.self)
}

/// C = better(C, A ⊗ B) on a `rows x cols` block with inner dimension `depth`,
/// for a register block of 4 rows by 2 vectors.
@inline(__always)
func product4x2<S: TileSemiring>(
    _: S.Type, c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    stride: Int, rows: Int, cols: Int, depth: Int, unit: Float
) {
    let w = Lane.scalarCount
    let u = Lane(repeating: unit)
    var i = 0
    while i < rows {
        var j = 0
        while j < cols {
            let c0 = c + i * stride + j
            let c1 = c0 + stride
            let c2 = c1 + stride
            let c3 = c2 + stride
            var x00 = load(c0), x01 = load(c0 + w)
            var x10 = load(c1), x11 = load(c1 + w)
            var x20 = load(c2), x21 = load(c2 + w)
            var x30 = load(c3), x31 = load(c3 + w)
            let a0 = a + i * stride
            let a1 = a0 + stride
            let a2 = a1 + stride
            let a3 = a2 + stride
            var bp = b + j
            for p in 0..<depth {
                let b0 = load(bp), b1 = load(bp + w)
                let v0 = Lane(repeating: a0[p])
                x00 = S.better(x00, S.extend(b0, v0, unit: u))
                x01 = S.better(x01, S.extend(b1, v0, unit: u))
                let v1 = Lane(repeating: a1[p])
                x10 = S.better(x10, S.extend(b0, v1, unit: u))
                x11 = S.better(x11, S.extend(b1, v1, unit: u))
                let v2 = Lane(repeating: a2[p])
                x20 = S.better(x20, S.extend(b0, v2, unit: u))
                x21 = S.better(x21, S.extend(b1, v2, unit: u))
                let v3 = Lane(repeating: a3[p])
                x30 = S.better(x30, S.extend(b0, v3, unit: u))
                x31 = S.better(x31, S.extend(b1, v3, unit: u))
                bp += stride
            }
            store(x00, c0); store(x01, c0 + w)
            store(x10, c1); store(x11, c1 + w)
            store(x20, c2); store(x21, c2 + w)
            store(x30, c3); store(x31, c3 + w)
            j += 2 * w
        }
        i += 4
    }
}

/// C = better(C, A ⊗ B) for a register block of 8 rows by 2 vectors (wide register files).
@inline(__always)
func product8x2<S: TileSemiring>(
    _: S.Type, c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    stride: Int, rows: Int, cols: Int, depth: Int, unit: Float
) {
    let w = Lane.scalarCount
    let u = Lane(repeating: unit)
    var i = 0
    while i < rows {
        var j = 0
        while j < cols {
            let c0 = c + i * stride + j
            let c1 = c0 + stride, c2 = c1 + stride, c3 = c2 + stride
            let c4 = c3 + stride, c5 = c4 + stride, c6 = c5 + stride, c7 = c6 + stride
            var x00 = load(c0), x01 = load(c0 + w)
            var x10 = load(c1), x11 = load(c1 + w)
            var x20 = load(c2), x21 = load(c2 + w)
            var x30 = load(c3), x31 = load(c3 + w)
            var x40 = load(c4), x41 = load(c4 + w)
            var x50 = load(c5), x51 = load(c5 + w)
            var x60 = load(c6), x61 = load(c6 + w)
            var x70 = load(c7), x71 = load(c7 + w)
            let a0 = a + i * stride
            let a1 = a0 + stride, a2 = a1 + stride, a3 = a2 + stride
            let a4 = a3 + stride, a5 = a4 + stride, a6 = a5 + stride, a7 = a6 + stride
            var bp = b + j
            for p in 0..<depth {
                let b0 = load(bp), b1 = load(bp + w)
                var v = Lane(repeating: a0[p])
                x00 = S.better(x00, S.extend(b0, v, unit: u))
                x01 = S.better(x01, S.extend(b1, v, unit: u))
                v = Lane(repeating: a1[p])
                x10 = S.better(x10, S.extend(b0, v, unit: u))
                x11 = S.better(x11, S.extend(b1, v, unit: u))
                v = Lane(repeating: a2[p])
                x20 = S.better(x20, S.extend(b0, v, unit: u))
                x21 = S.better(x21, S.extend(b1, v, unit: u))
                v = Lane(repeating: a3[p])
                x30 = S.better(x30, S.extend(b0, v, unit: u))
                x31 = S.better(x31, S.extend(b1, v, unit: u))
                v = Lane(repeating: a4[p])
                x40 = S.better(x40, S.extend(b0, v, unit: u))
                x41 = S.better(x41, S.extend(b1, v, unit: u))
                v = Lane(repeating: a5[p])
                x50 = S.better(x50, S.extend(b0, v, unit: u))
                x51 = S.better(x51, S.extend(b1, v, unit: u))
                v = Lane(repeating: a6[p])
                x60 = S.better(x60, S.extend(b0, v, unit: u))
                x61 = S.better(x61, S.extend(b1, v, unit: u))
                v = Lane(repeating: a7[p])
                x70 = S.better(x70, S.extend(b0, v, unit: u))
                x71 = S.better(x71, S.extend(b1, v, unit: u))
                bp += stride
            }
            store(x00, c0); store(x01, c0 + w)
            store(x10, c1); store(x11, c1 + w)
            store(x20, c2); store(x21, c2 + w)
            store(x30, c3); store(x31, c3 + w)
            store(x40, c4); store(x41, c4 + w)
            store(x50, c5); store(x51, c5 + w)
            store(x60, c6); store(x61, c6 + w)
            store(x70, c7); store(x71, c7 + w)
            j += 2 * w
        }
        i += 8
    }
}

@inline(__always)
func product<S: TileSemiring>(
    _ s: S.Type, c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    stride: Int, rows: Int, cols: Int, depth: Int, unit: Float
) {
    if blockRows == 8 {
        product8x2(s, c: c, a: a, b: b, stride: stride, rows: rows, cols: cols, depth: depth, unit: unit)
    } else {
        product4x2(s, c: c, a: a, b: b, stride: stride, rows: rows, cols: cols, depth: depth, unit: unit)
    }
}

/// Closes a square tile in place: the Floyd–Warshall recurrence restricted to
/// intermediates inside the tile, `d[i][j] = better(d[i][j], d[i][p] ⊗ d[p][j])`
/// for p = 0..<size in order.
@inline(__always)
func close<S: TileSemiring>(_: S.Type, d: UnsafeMutablePointer<Float>, stride: Int, size: Int, unit: Float) {
    let w = Lane.scalarCount
    let u = Lane(repeating: unit)
    for p in 0..<size {
        let rowP = d + p * stride
        for i in 0..<size {
            let rowI = d + i * stride
            let v = Lane(repeating: rowI[p])
            var j = 0
            while j < size {
                store(S.better(load(rowI + j), S.extend(load(rowP + j), v, unit: u)), rowI + j)
                j += w
            }
        }
    }
}

/// The kernels of one CPU level. Every function works on row-major `Float`
/// blocks that share one row `stride` (elements).
public enum TileKernels {
    /// Rows in one register block: tile heights must be a multiple of this.
    public static var rowMultiple: Int { blockRows }
    /// Columns in one register block: tile widths must be a multiple of this.
    public static var columnMultiple: Int { 2 * Lane.scalarCount }
    /// The instruction set this build was compiled for, for reports.
    public static var isa: String { isaName }

    /// `C[i][j] = min(C[i][j], min_p A[i][p] + B[p][j])` over a `rows x cols` block.
    ///
    /// `c` may alias `a` or `b` when the caller accepts in-place (monotone) updates,
    /// as blocked Floyd–Warshall does. `rows` must be a multiple of ``rowMultiple``,
    /// `cols` of ``columnMultiple``. Pass `unit: 1` (a run-time value, so the fused
    /// add cannot be folded away).
    /// - Complexity: rows × cols × depth updates.
    @inline(never)
    public static func minPlus(
        c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        stride: Int, rows: Int, cols: Int, depth: Int, unit: Float
    ) {
        product(MinPlus.self, c: c, a: a, b: b, stride: stride, rows: rows, cols: cols, depth: depth, unit: unit)
    }

    /// `C[i][j] = max(C[i][j], max_p min(A[i][p], B[p][j]))`: the widest-path product.
    /// Same shape rules as ``minPlus(c:a:b:stride:rows:cols:depth:unit:)``.
    /// - Complexity: rows × cols × depth updates.
    @inline(never)
    public static func maxMin(
        c: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        stride: Int, rows: Int, cols: Int, depth: Int, unit: Float
    ) {
        product(MaxMin.self, c: c, a: a, b: b, stride: stride, rows: rows, cols: cols, depth: depth, unit: unit)
    }

    /// Closes a `size x size` tile under (min, +). `size` must be a multiple of the lane width.
    /// - Complexity: size³ updates.
    @inline(never)
    public static func closeMinPlus(d: UnsafeMutablePointer<Float>, stride: Int, size: Int, unit: Float) {
        close(MinPlus.self, d: d, stride: stride, size: size, unit: unit)
    }

    /// Closes a `size x size` tile under (max, min). `size` must be a multiple of the lane width.
    /// - Complexity: size³ updates.
    @inline(never)
    public static func closeMaxMin(d: UnsafeMutablePointer<Float>, stride: Int, size: Int, unit: Float) {
        close(MaxMin.self, d: d, stride: stride, size: size, unit: unit)
    }
}
