/// Each unit's demand (cores, GiB, W) on each cluster, stored densely (C × 3 values)
/// only for units whose demand varies by more than power: colocate groups, and
/// functions with `demandByCluster`. A single function without it needs cores, GiB
/// and, per cluster, `wattsPerCpu × cores`, the same product the compile forms, so
/// the values are identical to a dense table's. At 100,000 functions on 1,000
/// clusters a dense table would be 2.4 GB.
struct DemandTable: Sendable {
    let clusterCount: Int
    /// Per unit: cores and GiB (used when the unit has no row).
    let base: [Double]
    /// Per cluster: watts per busy core.
    let wattsPerCpu: [Double]
    /// Per unit: its row in `rows`, or -1.
    let rowOf: [Int32]
    /// Rows of C × 3 values (cluster-major).
    let rows: [Double]

    /// Resource `k` (0 cores, 1 GiB, 2 W) of unit `u` on cluster `c`.
    /// - Complexity: O(1).
    @inline(__always)
    subscript(u: Int, c: Int, k: Int) -> Double {
        let row = Int(rowOf[u])
        if row >= 0 { return rows[(row * clusterCount + c) * 3 + k] }
        switch k {
        case 0: return base[2 * u]
        case 1: return base[2 * u + 1]
        default: return wattsPerCpu[c] * base[2 * u]
        }
    }

    /// Bytes held, for reports.
    var bytes: Int { (base.count + wattsPerCpu.count + rows.count) * 8 + rowOf.count * 4 }
}
