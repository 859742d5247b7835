/// Turns a finished search into a ``PlacementResult``.
enum PlacementReport {
    static func build(
        _ problem: PlacementProblem, state: PlacementState, lowerBound: Double?, provenInfeasible: Bool, timedOut: Bool,
        statistics: PlacementResult.Statistics
    ) -> PlacementResult {
        let nc = problem.clusterCount, r = PlacementProblem.resourceCount
        var assignments: [PlacementResult.Assignment] = []
        var unplaced: [PlacementResult.Unplaced] = []
        var terms = [0.0, 0.0, 0.0, 0.0, 0.0]
        for (u, members) in problem.units.enumerated() {
            let c = state.assign[u]
            if c >= 0 {
                let t = problem.terms(unit: u, cluster: c)
                terms[0] += t.network
                terms[1] += t.price
                terms[2] += t.energy
                terms[3] += t.migration
                terms[4] += t.extra
                for f in members {
                    assignments.append(.init(function: problem.functionIDs[f], cluster: problem.clusterIDs[c]))
                }
            } else {
                let reason =
                    problem.exclusion[u].isEmpty
                    ? "no allowed cluster has room left for it after higher-priority or cheaper placements"
                    : problem.exclusion[u]
                for f in members { unplaced.append(.init(function: problem.functionIDs[f], reason: reason)) }
            }
        }
        assignments.sort { $0.function < $1.function }
        let total = terms.reduce(0, +)
        let complete = unplaced.isEmpty
        var status: PlacementStatus
        var infeasibility: [String]? = nil
        if provenInfeasible || (!complete && !problem.allowPartial) {
            status = provenInfeasible ? .infeasible : .timeLimit
            infeasibility = PlacementDiagnosis.explain(problem, proven: provenInfeasible)
            // No placement is returned, so every function is accounted for as unplaced:
            // with its own exclusion when it has one, else with the outcome.
            let outcome =
                provenInfeasible
                ? "no complete placement exists (see infeasibility)"
                : "the time limit ended the search before a complete placement was found"
            unplaced = problem.units.indices.flatMap { u in
                problem.units[u].map { f in
                    PlacementResult.Unplaced(
                        function: problem.functionIDs[f],
                        reason: problem.exclusion[u].isEmpty ? outcome : problem.exclusion[u])
                }
            }
        } else if let lowerBound, PlacementSolver.withinGap(total, lowerBound, problem.relativeGap) {
            status = .optimal
        } else {
            status = timedOut ? .timeLimit : .feasible
        }
        let gap = lowerBound.map { total == 0 ? 0 : max(0, total - $0) / abs(total) }
        let hasPlacement = !(status == .infeasible || (!complete && !problem.allowPartial))
        var utilisation: [PlacementResult.Utilisation] = []
        for c in 0..<nc {
            func limit(_ k: Int) -> Double? { problem.capacity[c * r + k].isFinite ? problem.capacity[c * r + k] : nil }
            // Without a placement nothing is added to what was in use.
            func used(_ k: Int) -> Double { problem.usage[c * r + k] + (hasPlacement ? state.load[c * r + k] : 0) }
            utilisation.append(
                .init(
                    cluster: problem.clusterIDs[c], used: Resources(cpu: used(0), ram: used(1), power: used(2)),
                    capacity: Resources(cpu: limit(0), ram: limit(1), power: limit(2))))
        }
        return PlacementResult(
            status: status,
            objective: hasPlacement
                ? .init(
                    total: total, network: terms[0], price: terms[1], energy: terms[2], migration: terms[3],
                    extra: terms[4])
                : nil,
            lowerBound: hasPlacement ? lowerBound : nil,
            relativeGap: hasPlacement ? gap : nil,
            assignments: hasPlacement ? assignments : [],
            utilisation: utilisation,
            unplaced: unplaced.sorted { $0.function < $1.function },
            infeasibility: infeasibility,
            statistics: statistics)
    }
}
