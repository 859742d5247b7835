import Solver
import Testing

@Suite("Carbon-aware placement: the carbon weight prices added power by its grid's intensity")
struct CarbonObjectiveTests {
    /// Two clusters: `dirty` is cheaper per core but its power comes from a grid at
    /// 800 gCO2/kWh; `clean` costs more, at 50 gCO2/kWh. Both draw 10 W per core.
    static func request(carbon: Double?) -> PlacementRequest {
        PlacementRequest(
            clusters: [
                Cluster(
                    id: "dirty", capacity: Resources(cpu: 16), wattsPerCpu: 10, pricePerCpu: 1, carbonIntensity: 800),
                Cluster(
                    id: "clean", capacity: Resources(cpu: 16), wattsPerCpu: 10, pricePerCpu: 2, carbonIntensity: 50),
            ],
            functions: (1...4).map { PlacementFunction(id: "f\($0)", demand: FunctionDemand(cpu: 2)) },
            objective: ObjectiveWeights(energy: 0, carbon: carbon))
    }

    @Test("without a carbon weight the cheaper cluster wins; with one, the cleaner one, by the documented term")
    func carbonWeightMovesWork() throws {
        let plain = try PlacementSolver().solve(Self.request(carbon: nil))
        #expect(plain.assignments.allSatisfy { $0.cluster == "dirty" })
        #expect(plain.objective?.total == 8)  // 4 functions × 2 cores × 1 per core

        let request = Self.request(carbon: 1)
        let green = try PlacementSolver().solve(request)
        #expect(green.assignments.allSatisfy { $0.cluster == "clean" })
        // 8 cores × 2 = 16 for price; carbon 8 cores × 10 W × 50 g/kWh / 1000 = 4 g/h.
        #expect(green.objective?.total == 20)
        #expect(green.objective?.energy == 4)
        let check = PlacementValidator.check(request, latency: nil, result: green)
        #expect(check.violations.isEmpty)
        #expect(check.objective == 20)
    }
}

extension CarbonObjectiveTests {
    @Test("a negative carbon weight or intensity is refused, naming it")
    func negativeCarbonRefused() {
        var request = Self.request(carbon: -1)
        #expect(request.problems().contains { $0.contains("objective.carbon") })
        request = Self.request(carbon: 1)
        request.clusters[0].carbonIntensity = -5
        #expect(request.problems().contains { $0.contains("carbonIntensity") })
    }
}
