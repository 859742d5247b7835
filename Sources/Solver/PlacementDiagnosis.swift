/// Explains why a problem has no complete placement: which constraint family,
/// which clusters and which functions.
enum PlacementDiagnosis {
    static func explain(_ problem: PlacementProblem) -> [String] {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        var out: [String] = []
        for (u, reason) in problem.exclusion.enumerated() where !reason.isEmpty {
            let names = problem.units[u].map { "\"\(problem.functionIDs[$0])\"" }.joined(separator: ", ")
            out.append("no cluster can take \(names): \(reason)")
        }
        let names = ["cpu", "ram", "power"]
        for k in 0..<r {
            var need = 0.0
            for u in 0..<problem.unitCount {
                var least = Double.infinity
                for c in 0..<nc { least = min(least, problem.demand[(u * nc + c) * r + k]) }
                if least.isFinite { need += least }
            }
            let limited = (0..<nc).filter { problem.free[$0 * r + k].isFinite }
            guard limited.count == nc else { continue }
            let free = limited.reduce(0.0) { $0 + problem.free[$1 * r + k] }
            if need > free + 1e-9 {
                out.append(
                    "capacity: the functions need at least \(need) \(names[k]) in total but all clusters together have \(free) free"
                )
            }
        }
        for u in 0..<problem.unitCount where problem.units[u].count > 1 && problem.exclusion[u].isEmpty == false {
            out.append(
                "colocation: the group of \"\(problem.functionIDs[problem.units[u][0]])\" (\(problem.units[u].count) functions) fits on no single cluster"
            )
        }
        if out.isEmpty {
            out.append(
                "capacity, anti-affinity and colocation together leave no complete placement; no single family explains it alone"
            )
        }
        return out
    }
}
