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
protocol TileSemiring {
    /// The "addition" of the semiring: keeps the better of two values (min or max).
    static func better(_ current: Lane, _ candidate: Lane) -> Lane
    /// The "multiplication" of the semiring: extends a path by a step (+ or min).
    static func extend(_ a: Lane, _ b: Lane, unit: Lane) -> Lane
}

/// (min, +): shortest paths, hop counts, and (with negated inputs) max-plus.
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

/// C = better(C, A ⊗ B) for a register block of 4 rows by 2 vectors, on packed
/// operands: `a` holds `rows / 4` strips of `depth x 4` values (row block, then
/// p, then row), `b` holds `cols / (2 * Lane.scalarCount)` strips of
/// `depth x 2 * Lane.scalarCount` values. Packed strips are contiguous, so the
/// inner loop touches one or two pages instead of one page per row.
@inline(__always)
func product4x2<S: TileSemiring>(
    _: S.Type, c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    rows: Int, cols: Int, depth: Int, unit: Float
) {
    let w = Lane.scalarCount
    let u = Lane(repeating: unit)
    var j = 0
    while j < cols {
        let bStrip = b + (j / (2 * w)) * depth * 2 * w
        var i = 0
        while i < rows {
            let c0 = c + i * ldc + j
            let c1 = c0 + ldc
            let c2 = c1 + ldc
            let c3 = c2 + ldc
            var x00 = load(c0), x01 = load(c0 + w)
            var x10 = load(c1), x11 = load(c1 + w)
            var x20 = load(c2), x21 = load(c2 + w)
            var x30 = load(c3), x31 = load(c3 + w)
            var ap = a + (i / 4) * depth * 4
            var bp = bStrip
            for _ in 0..<depth {
                let b0 = load(bp), b1 = load(bp + w)
                var v: Lane
                v = Lane(repeating: ap[0])
                x00 = S.better(x00, S.extend(b0, v, unit: u))
                x01 = S.better(x01, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[1])
                x10 = S.better(x10, S.extend(b0, v, unit: u))
                x11 = S.better(x11, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[2])
                x20 = S.better(x20, S.extend(b0, v, unit: u))
                x21 = S.better(x21, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[3])
                x30 = S.better(x30, S.extend(b0, v, unit: u))
                x31 = S.better(x31, S.extend(b1, v, unit: u))
                ap += 4
                bp += 2 * w
            }
            store(x00, c0); store(x01, c0 + w)
            store(x10, c1); store(x11, c1 + w)
            store(x20, c2); store(x21, c2 + w)
            store(x30, c3); store(x31, c3 + w)
            i += 4
        }
        j += 2 * w
    }
}

/// C = better(C, A ⊗ B) for a register block of 8 rows by 2 vectors, on packed
/// operands: `a` holds `rows / 8` strips of `depth x 8` values (row block, then
/// p, then row), `b` holds `cols / (2 * Lane.scalarCount)` strips of
/// `depth x 2 * Lane.scalarCount` values. Packed strips are contiguous, so the
/// inner loop touches one or two pages instead of one page per row.
@inline(__always)
func product8x2<S: TileSemiring>(
    _: S.Type, c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    rows: Int, cols: Int, depth: Int, unit: Float
) {
    let w = Lane.scalarCount
    let u = Lane(repeating: unit)
    var j = 0
    while j < cols {
        let bStrip = b + (j / (2 * w)) * depth * 2 * w
        var i = 0
        while i < rows {
            let c0 = c + i * ldc + j
            let c1 = c0 + ldc
            let c2 = c1 + ldc
            let c3 = c2 + ldc
            let c4 = c3 + ldc
            let c5 = c4 + ldc
            let c6 = c5 + ldc
            let c7 = c6 + ldc
            var x00 = load(c0), x01 = load(c0 + w)
            var x10 = load(c1), x11 = load(c1 + w)
            var x20 = load(c2), x21 = load(c2 + w)
            var x30 = load(c3), x31 = load(c3 + w)
            var x40 = load(c4), x41 = load(c4 + w)
            var x50 = load(c5), x51 = load(c5 + w)
            var x60 = load(c6), x61 = load(c6 + w)
            var x70 = load(c7), x71 = load(c7 + w)
            var ap = a + (i / 8) * depth * 8
            var bp = bStrip
            for _ in 0..<depth {
                let b0 = load(bp), b1 = load(bp + w)
                var v: Lane
                v = Lane(repeating: ap[0])
                x00 = S.better(x00, S.extend(b0, v, unit: u))
                x01 = S.better(x01, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[1])
                x10 = S.better(x10, S.extend(b0, v, unit: u))
                x11 = S.better(x11, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[2])
                x20 = S.better(x20, S.extend(b0, v, unit: u))
                x21 = S.better(x21, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[3])
                x30 = S.better(x30, S.extend(b0, v, unit: u))
                x31 = S.better(x31, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[4])
                x40 = S.better(x40, S.extend(b0, v, unit: u))
                x41 = S.better(x41, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[5])
                x50 = S.better(x50, S.extend(b0, v, unit: u))
                x51 = S.better(x51, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[6])
                x60 = S.better(x60, S.extend(b0, v, unit: u))
                x61 = S.better(x61, S.extend(b1, v, unit: u))
                v = Lane(repeating: ap[7])
                x70 = S.better(x70, S.extend(b0, v, unit: u))
                x71 = S.better(x71, S.extend(b1, v, unit: u))
                ap += 8
                bp += 2 * w
            }
            store(x00, c0); store(x01, c0 + w)
            store(x10, c1); store(x11, c1 + w)
            store(x20, c2); store(x21, c2 + w)
            store(x30, c3); store(x31, c3 + w)
            store(x40, c4); store(x41, c4 + w)
            store(x50, c5); store(x51, c5 + w)
            store(x60, c6); store(x61, c6 + w)
            store(x70, c7); store(x71, c7 + w)
            i += 8
        }
        j += 2 * w
    }
}

@inline(__always)
func product<S: TileSemiring>(
    _ s: S.Type, c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    rows: Int, cols: Int, depth: Int, unit: Float
) {
    if blockRows == 8 {
        product8x2(s, c: c, ldc: ldc, a: a, b: b, rows: rows, cols: cols, depth: depth, unit: unit)
    } else {
        product4x2(s, c: c, ldc: ldc, a: a, b: b, rows: rows, cols: cols, depth: depth, unit: unit)
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

    /// `C[i][j] = min(C[i][j], min_p A[i][p] + B[p][j])` over a `rows x cols` block
    /// of `c` (row stride `ldc`), with `A` and `B` packed as ``packA(_:lda:rows:depth:into:)``
    /// and ``packB(_:ldb:depth:cols:into:)`` lay them out. `rows` must be a multiple of
    /// ``rowMultiple``, `cols` of ``columnMultiple``. Pass `unit: 1` (a run-time value,
    /// so the fused add cannot be folded away).
    /// - Complexity: rows × cols × depth updates.
    @inline(never)
    public static func minPlus(
        c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        rows: Int, cols: Int, depth: Int, unit: Float
    ) {
        product(MinPlus.self, c: c, ldc: ldc, a: a, b: b, rows: rows, cols: cols, depth: depth, unit: unit)
    }

    /// `C[i][j] = max(C[i][j], max_p min(A[i][p], B[p][j]))`: the widest-path product.
    /// Same layout rules as ``minPlus(c:ldc:a:b:rows:cols:depth:unit:)``.
    /// - Complexity: rows × cols × depth updates.
    @inline(never)
    public static func maxMin(
        c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        rows: Int, cols: Int, depth: Int, unit: Float
    ) {
        product(MaxMin.self, c: c, ldc: ldc, a: a, b: b, rows: rows, cols: cols, depth: depth, unit: unit)
    }

    /// Packs a `rows x depth` block of `src` (row stride `lda`) into `dst` as the
    /// left operand of a product: strips of ``rowMultiple`` rows, each `depth x rowMultiple`.
    /// - Complexity: rows × depth copies.
    public static func packA(
        _ src: UnsafePointer<Float>, lda: Int, rows: Int, depth: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        let r = blockRows
        var out = dst
        for block in 0..<(rows / r) {
            let top = src + block * r * lda
            for p in 0..<depth {
                for k in 0..<r { out[k] = top[k * lda + p] }
                out += r
            }
        }
    }

    /// Packs a `depth x cols` block of `src` (row stride `ldb`) into `dst` as the
    /// right operand of a product: strips of ``columnMultiple`` columns, each `depth x columnMultiple`.
    /// - Complexity: depth × cols copies.
    public static func packB(
        _ src: UnsafePointer<Float>, ldb: Int, depth: Int, cols: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        let width = 2 * Lane.scalarCount
        var out = dst
        var j = 0
        while j < cols {
            for p in 0..<depth {
                out.update(from: src + p * ldb + j, count: width)
                out += width
            }
            j += width
        }
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
