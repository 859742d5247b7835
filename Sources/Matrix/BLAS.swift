internal import CBLAS

/// The one file that talks to OpenBLAS.
enum BLAS {
    /// C = alpha · A × B + beta · C, all row-major `Float`, with leading dimensions
    /// equal to the column counts. Runs on `threads` OpenBLAS threads.
    static func sgemm(
        m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>, threads: Int
    ) {
        openblas_set_num_threads(Int32(threads))
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a, Int32(k), b,
            Int32(n), beta, c, Int32(n))
    }

    /// The OpenBLAS kernel family in use (e.g. "Haswell", "SkylakeX", "Zen").
    static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string.
    static var config: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }
}
