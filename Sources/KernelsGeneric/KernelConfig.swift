// Baseline x86-64 (SSE2) build, and the build for any other architecture.

/// The vector type of this build (two 128-bit registers on SSE2).
typealias Lane = SIMD8<Float>
/// Register-block height.
let blockRows = 4
/// No FMA at this level: a plain add.
let useFusedAdd = false
let isaName = "generic"
