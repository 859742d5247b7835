// AVX2 + FMA build (x86-64-v3): 256-bit lanes, 16 vector registers.

/// The vector type of this build.
typealias Lane = SIMD8<Float>
/// Register-block height: 4 rows x 2 vectors keeps 8 accumulators in 16 ymm registers.
let blockRows = 4
/// Issue the min-plus add as a fused multiply-add by 1.0 (see `MinPlus.extend`).
let useFusedAdd = true
let isaName = "avx2-fma"
