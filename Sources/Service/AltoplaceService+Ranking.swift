import ALTO
import CoreMetrics
import Logging
import Solver
import Store

/// `POST /clusters/rank`: the candidate clusters for one function.
extension AltoplaceService {
    /// Every candidate cluster for one function, cheapest first: total cost with its
    /// terms, worst latency from the function's traffic sources, free resources (after
    /// committed placements); then the excluded clusters with the reason for each.
    /// - Throws: ``ServiceError`` `.invalid` or `.tooLarge`.
    public func rank(_ request: RankRequest) async throws -> Ranking {
        let state = network
        let (effective, dataCenters) = try await effectiveClusters(
            request.clusters, state: state, stale: request.staleDataCenters ?? .exclude)
        let clusters = Self.withCommitted(
            effective, try await store.committedConsumption(reportedAt: try await reportTimes()))
        guard !clusters.isEmpty else { throw Self.noClusters(dataCenters) }
        try checkSize(functions: 1, clusters: clusters.count)
        let function = try Self.mapTraffic([request.function], map: state.networkMap, path: ".function")[0]
        let latency = try Self.latency(for: request.network, state: state)
        let solverRequest = PlacementRequest(clusters: clusters, functions: [function], objective: request.objective)
        let problem = try Self.compile(solverRequest, latency: latency)
        let options = problem.clusterOptions(forFunction: function.id) ?? []
        let pidOf = Dictionary(clusters.map { ($0.id, $0.pid) }, uniquingKeysWith: { a, _ in a })
        func worstLatency(_ cluster: String) -> Double? {
            guard let pid = pidOf[cluster] ?? nil else { return nil }
            var worst = 0.0
            for t in function.traffic ?? [] {
                guard let l = latency.latency(t.pid, pid), l.isFinite else { return nil }
                worst = max(worst, l)
            }
            return worst
        }
        let allowed = options.filter(\.allowed).sorted { ($0.total, $0.cluster) < ($1.total, $1.cluster) }
        return Ranking(
            function: function.id,
            ranking: allowed.enumerated().map { k, o in
                Ranking.Entry(
                    rank: k + 1, cluster: o.cluster, total: o.total,
                    breakdown: Ranking.Breakdown(
                        network: o.network, price: o.price, energy: o.energy, migration: o.migration, extra: o.extra),
                    latency: worstLatency(o.cluster), demand: o.demand, free: o.free)
            },
            excluded: options.filter { !$0.allowed }.map {
                Ranking.Exclusion(cluster: $0.cluster, reason: $0.reason ?? "not allowed")
            }
                + dataCenters.compactMap { status in
                    status.excluded.map { Ranking.Exclusion(cluster: status.cluster, reason: $0) }
                },
            dataCenters: dataCenters)
    }
}
