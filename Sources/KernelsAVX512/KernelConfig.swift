// AVX-512 build (x86-64-v4): 512-bit lanes, 32 vector registers.

/// The vector type of this build.
typealias Lane = SIMD16<Float>
/// Register-block height: 8 rows x 2 vectors keeps 16 accumulators in 32 zmm registers.
let blockRows = 8
/// Issue the min-plus add as a fused multiply-add by 1.0 (see `MinPlus.extend`).
let useFusedAdd = true
let isaName = "avx512"
