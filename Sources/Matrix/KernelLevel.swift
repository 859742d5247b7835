internal import CCPUFeatures

/// The instruction-set level of the SIMD kernels.
///
/// Swift has no function multiversioning, so the kernels are built three times,
/// each in its own module with its own `-march` (release builds only), and one is
/// picked at run time by measuring the levels the CPU's features allow (``best``). A
/// level the CPU cannot run is never tried, so the binary cannot die with an illegal
/// instruction.
public enum KernelLevel: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Baseline x86-64 (SSE2), or the host's baseline on other architectures.
    case generic
    /// AVX2 + FMA (x86-64-v3).
    case avx2
    /// AVX-512 F/BW/DQ/VL (x86-64-v4).
    case avx512

    /// The fastest level on this machine, measured once per process
    /// (``MachineProfile``). Not always the highest: Zen 4 runs AVX-512 as two
    /// 256-bit halves, and there the AVX2 kernel is faster.
    public static var best: KernelLevel { MachineProfile.current.fastestKernel }

    /// The highest level this CPU and OS can run, from its feature flags.
    public static let highestSupported: KernelLevel = {
        if ccpu_has_avx512() != 0 { return .avx512 }
        if ccpu_has_avx2_fma() != 0 { return .avx2 }
        return .generic
    }()

    /// Every level this machine can run, lowest first.
    public static var available: [KernelLevel] {
        allCases.filter { $0.isSupported }
    }

    /// Whether this CPU and OS can run the level.
    public var isSupported: Bool {
        switch self {
        case .generic: true
        case .avx2: ccpu_has_avx2_fma() != 0
        case .avx512: ccpu_has_avx512() != 0
        }
    }

    public var description: String { rawValue }
}
