import Matrix

extension InstanceGenerator {
    /// The classic generalised-assignment families, by their published recipes
    /// (Chu and Beasley, "A genetic algorithm for the generalised assignment problem",
    /// Computers & Operations Research 24(1), 1997; the OR-Library `gap` C and D sets):
    /// n jobs (functions) on m agents (clusters), integer demands a[i][j] and costs
    /// c[i][j], capacity b[i] = 0.8 · Σ_j a[i][j] / m.
    /// - Type C: a ~ U[5, 25], c ~ U[10, 50].
    /// - Type D: a ~ U[1, 100], c = 111 − a + e with e ~ U[−10, 10] (costs fall as
    ///   demands rise: the hard family).
    /// Demands go in `demandByCluster` (cores), costs in `costByCluster`; nothing else
    /// costs anything.
    public static func generalisedAssignment(
        type: GAPFamily, functions n: Int, clusters m: Int, seed: UInt64, timeLimit: Double = 10
    ) -> PlacementRequest {
        var rng = SplitMix64(seed: seed)
        func integer(_ lo: Int, _ hi: Int) -> Int { lo + Int(rng.next() % UInt64(hi - lo + 1)) }
        let clusterIDs = (0..<m).map { "c\($0)" }
        var a = [[Int]](repeating: [Int](repeating: 0, count: n), count: m)
        var c = a
        for i in 0..<m {
            for j in 0..<n {
                switch type {
                case .c:
                    a[i][j] = integer(5, 25)
                    c[i][j] = integer(10, 50)
                case .d:
                    a[i][j] = integer(1, 100)
                    c[i][j] = 111 - a[i][j] + integer(-10, 10)
                }
            }
        }
        let functions = (0..<n).map { j in
            PlacementFunction(
                id: "f\(j)", demand: FunctionDemand(cpu: 0),
                demandByCluster: Dictionary(
                    uniqueKeysWithValues: (0..<m).map { (clusterIDs[$0], FunctionDemand(cpu: Double(a[$0][j]))) }),
                costByCluster: Dictionary(uniqueKeysWithValues: (0..<m).map { (clusterIDs[$0], Double(c[$0][j])) }))
        }
        let clusters = (0..<m).map { i in
            Cluster(
                id: clusterIDs[i], capacity: Resources(cpu: Double(Int(0.8 * Double(a[i].reduce(0, +)) / Double(m)))))
        }
        return PlacementRequest(
            clusters: clusters, functions: functions, objective: ObjectiveWeights(network: 0, price: 0, energy: 0),
            options: SolveOptions(timeLimit: timeLimit, relativeGap: 1e-6, seed: seed))
    }
}

/// The generalised-assignment benchmark families ``InstanceGenerator/generalisedAssignment(type:functions:clusters:seed:timeLimit:)`` makes.
public enum GAPFamily: String, Sendable, CaseIterable {
    case c
    case d
}
