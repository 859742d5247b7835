/// Explains why a problem has no complete placement: which constraint family,
/// which clusters and which functions.
enum PlacementDiagnosis {
    /// - Parameter proven: whether the search proved that no complete placement
    ///   exists; when it did not (the clock stopped it), the explanation claims no more
    ///   than what the checks here show.
    static func explain(_ problem: PlacementProblem, proven: Bool = true) -> [String] {
        var out: [String] = []
        // Excluded units, grouped by the kinds of reason that exclude them, so that the
        // text stays bounded however many functions and clusters there are.
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (u, reason) in problem.exclusion.enumerated() where !reason.isEmpty {
            let kinds = Set(problem.pairReasons[u].map(\.kind)).sorted().joined(separator: "; ")
            let key = kinds.isEmpty ? reason : kinds
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(u)
        }
        for key in order {
            let us = groups[key]!
            let functions = us.flatMap { problem.units[$0] }
            if us.count == 1 {
                let names = functions.map { "\"\(problem.functionIDs[$0])\"" }.joined(separator: ", ")
                out.append("\(names): \(problem.exclusion[us[0]])")
            } else {
                let named = functions.prefix(3).map { "\"\(problem.functionIDs[$0])\"" }.joined(separator: ", ")
                let more = functions.count > 3 ? " and \(functions.count - 3) more" : ""
                out.append(
                    "\(functions.count) functions (\(named)\(more)) fit no cluster; the first: \(problem.exclusion[us[0]])"
                )
            }
        }
        for (k, need, free) in capacityShortfalls(problem) {
            out.append(
                "capacity: the functions need at least \(need) \(resourceNames[k]) in total but all clusters together have \(free) free"
            )
        }
        for u in 0..<problem.unitCount where problem.units[u].count > 1 && problem.exclusion[u].isEmpty == false {
            out.append(
                "colocation: the group of \"\(problem.functionIDs[problem.units[u][0]])\" (\(problem.units[u].count) functions) fits on no single cluster"
            )
            if out.count > 40 { break }
        }
        if out.isEmpty {
            out.append(
                proven
                    ? "capacity, anti-affinity and colocation together leave no complete placement; no single family explains it alone"
                    : "no complete placement was found before the time limit, and none of the checks for a single cause (exclusions, total capacity, colocation groups) found one; a longer limit may find a placement"
            )
        }
        return out
    }

    static let resourceNames = ["cpu", "ram", "power"]

    /// A counting proof that no complete placement exists: for each resource every
    /// cluster limits, the least each unit needs on any cluster it may use, summed,
    /// against all the free capacity. Each shortfall is (resource, need, free).
    /// - Complexity: O(units · clusters · resources).
    static func capacityShortfalls(_ problem: PlacementProblem) -> [(Int, Double, Double)] {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        var out: [(Int, Double, Double)] = []
        for k in 0..<r {
            guard nc > 0, (0..<nc).allSatisfy({ problem.free[$0 * r + k].isFinite }) else { continue }
            var need = 0.0
            for u in 0..<problem.unitCount {
                // The least over the clusters it may use; a unit that may use none (which
                // alone makes the problem infeasible) counts its least anywhere.
                let some = (0..<nc).contains { problem.allowed[u * nc + $0] }
                var least = Double.infinity
                for c in 0..<nc where !some || problem.allowed[u * nc + c] {
                    least = min(least, problem.demand(u, c, k))
                }
                if least.isFinite { need += least }
            }
            let free = (0..<nc).reduce(0.0) { $0 + problem.free[$1 * r + k] }
            if need > free + 1e-9 * max(1, free) { out.append((k, need, free)) }
        }
        return out
    }
}
