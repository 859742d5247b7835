import KernelsAVX2
import KernelsAVX512
import KernelsGeneric

/// The tile kernels of one ``KernelLevel``, as plain function values.
///
/// Calls through this table are out-of-line calls into the module built for that
/// level, so the vector code of the level is what runs.
struct TileKernelTable: Sendable {
    /// (c, ldc, packed a, packed b, rows, cols, depth, unit)
    typealias Product =
        @Sendable (
            UnsafeMutablePointer<Float>, Int, UnsafePointer<Float>, UnsafePointer<Float>, Int, Int, Int, Float
        ) -> Void
    typealias Closure = @Sendable (UnsafeMutablePointer<Float>, Int, Int, Float) -> Void
    typealias Pack = @Sendable (UnsafePointer<Float>, Int, Int, Int, UnsafeMutablePointer<Float>) -> Void

    let level: KernelLevel
    let rowMultiple: Int
    let columnMultiple: Int
    let minPlus: Product
    let maxMin: Product
    let closeMinPlus: Closure
    let closeMaxMin: Closure
    /// Packs a rows × depth block (row stride) as a product's left operand.
    let packA: Pack
    /// Packs a depth × cols block (row stride) as a product's right operand.
    let packB: Pack

    /// The table for `level`. Precondition: the CPU supports `level`.
    init(_ level: KernelLevel) {
        precondition(level.isSupported, "kernel level \(level) is not supported by this CPU")
        self.level = level
        switch level {
        case .generic:
            rowMultiple = KernelsGeneric.TileKernels.rowMultiple
            columnMultiple = KernelsGeneric.TileKernels.columnMultiple
            minPlus = {
                KernelsGeneric.TileKernels.minPlus(
                    c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            maxMin = {
                KernelsGeneric.TileKernels.maxMin(c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            packA = { KernelsGeneric.TileKernels.packA($0, lda: $1, rows: $2, depth: $3, into: $4) }
            packB = { KernelsGeneric.TileKernels.packB($0, ldb: $1, depth: $2, cols: $3, into: $4) }
            closeMinPlus = { KernelsGeneric.TileKernels.closeMinPlus(d: $0, stride: $1, size: $2, unit: $3) }
            closeMaxMin = { KernelsGeneric.TileKernels.closeMaxMin(d: $0, stride: $1, size: $2, unit: $3) }
        case .avx2:
            rowMultiple = KernelsAVX2.TileKernels.rowMultiple
            columnMultiple = KernelsAVX2.TileKernels.columnMultiple
            minPlus = {
                KernelsAVX2.TileKernels.minPlus(c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            maxMin = {
                KernelsAVX2.TileKernels.maxMin(c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            packA = { KernelsAVX2.TileKernels.packA($0, lda: $1, rows: $2, depth: $3, into: $4) }
            packB = { KernelsAVX2.TileKernels.packB($0, ldb: $1, depth: $2, cols: $3, into: $4) }
            closeMinPlus = { KernelsAVX2.TileKernels.closeMinPlus(d: $0, stride: $1, size: $2, unit: $3) }
            closeMaxMin = { KernelsAVX2.TileKernels.closeMaxMin(d: $0, stride: $1, size: $2, unit: $3) }
        case .avx512:
            rowMultiple = KernelsAVX512.TileKernels.rowMultiple
            columnMultiple = KernelsAVX512.TileKernels.columnMultiple
            minPlus = {
                KernelsAVX512.TileKernels.minPlus(c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            maxMin = {
                KernelsAVX512.TileKernels.maxMin(c: $0, ldc: $1, a: $2, b: $3, rows: $4, cols: $5, depth: $6, unit: $7)
            }
            packA = { KernelsAVX512.TileKernels.packA($0, lda: $1, rows: $2, depth: $3, into: $4) }
            packB = { KernelsAVX512.TileKernels.packB($0, ldb: $1, depth: $2, cols: $3, into: $4) }
            closeMinPlus = { KernelsAVX512.TileKernels.closeMinPlus(d: $0, stride: $1, size: $2, unit: $3) }
            closeMaxMin = { KernelsAVX512.TileKernels.closeMaxMin(d: $0, stride: $1, size: $2, unit: $3) }
        }
    }

    func product(_ algebra: PathAlgebra) -> Product {
        algebra == .shortest ? minPlus : maxMin
    }

    func closure(_ algebra: PathAlgebra) -> Closure {
        algebra == .shortest ? closeMinPlus : closeMaxMin
    }
}
