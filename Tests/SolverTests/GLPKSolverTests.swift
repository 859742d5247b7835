import Solver
import Testing

@Suite("GLPK behind the guard")
struct GLPKSolverTests {
    /// max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d ≤ 10, binary; optimum 23 (a, b) — as a minimisation.
    static func knapsack() -> LinearModel {
        var model = LinearModel(columns: 4, lower: 0, upper: 1)
        model.objective = [-10, -13, -7, -8]
        model.integerColumns = [0, 1, 2, 3]
        model.addRow([(0, 4), (1, 6), (2, 3), (3, 5)], lower: -.infinity, upper: 10)
        return model
    }

    /// Brute force over all 0/1 vectors.
    static func bruteForce(_ model: LinearModel) -> Double {
        var best = Double.infinity
        for mask in 0..<(1 << model.columnCount) {
            let x = (0..<model.columnCount).map { Double((mask >> $0) & 1) }
            var rows = [Double](repeating: 0, count: model.rowCount)
            for e in model.entries { rows[e.row] += e.value * x[e.column] }
            guard zip(rows, zip(model.rowLower, model.rowUpper)).allSatisfy({ $0 >= $1.0 - 1e-9 && $0 <= $1.1 + 1e-9 })
            else { continue }
            best = min(best, zip(model.objective, x).map(*).reduce(model.objectiveConstant, +))
        }
        return best
    }

    @Test("a small binary program is solved to its brute-force optimum with a matching bound")
    func knapsackOptimum() throws {
        let model = Self.knapsack()
        let solution = try GLPKSolver().solve(model)
        #expect(solution.status == .optimal)
        #expect(solution.objective == Self.bruteForce(model))
        #expect(solution.objective == -23)
        #expect(solution.values == [1, 1, 0, 0])
        let bound = try #require(solution.bestBound)
        #expect(bound <= -23 + 1e-9)
    }

    @Test("random binary programs match brute force", arguments: 0..<12)
    func randomPrograms(seed: Int) throws {
        var rng = SplitMixForTests(seed: UInt64(seed))
        var model = LinearModel(columns: 10, lower: 0, upper: 1)
        model.objective = (0..<10).map { _ in Double(rng.next() % 21) - 10 }
        model.integerColumns = Set(0..<10)
        for _ in 0..<3 {
            model.addRow(
                (0..<10).map { ($0, Double(rng.next() % 9)) }, lower: -.infinity, upper: Double(5 + rng.next() % 15))
        }
        let solution = try GLPKSolver().solve(model)
        #expect(solution.status == .optimal)
        #expect(abs((solution.objective ?? .nan) - Self.bruteForce(model)) < 1e-6)
    }

    @Test("an infeasible program reports infeasible, not an error")
    func infeasible() throws {
        var model = LinearModel(columns: 2, lower: 0, upper: 1)
        model.integerColumns = [0, 1]
        model.addRow([(0, 1), (1, 1)], lower: 3, upper: .infinity)
        let solution = try GLPKSolver().solve(model)
        #expect(solution.status == .infeasible)
        #expect(solution.values.isEmpty)
    }

    @Test("NaN coefficients, bad indices and crossed bounds are refused before GLPK sees them")
    func validation() {
        var model = Self.knapsack()
        model.objective[2] = .nan
        model.entries.append(.init(row: 5, column: 1, value: 1))
        model.columnLower[3] = 2
        #expect {
            try GLPKSolver().solve(model)
        } throws: { error in
            guard case SolverError.invalidModel(let problems) = error else { return false }
            return problems.count == 3 && problems.contains { $0.contains("column 2") }
                && problems.contains { $0.contains("outside the 1 x 4 matrix") }
                && problems.contains { $0.contains("column 3 has bounds") }
        }
    }

    @Test("a malformed model reaching GLPK is caught by the guard and the next solve on that thread works")
    func guardSurvivesFatalError() async throws {
        let pool = SolverThreadPool(threads: 1)
        defer { pool.shutdown() }
        var model = Self.knapsack()
        model.entries.append(.init(row: 7, column: 0, value: 1))  // GLPK aborts on this index
        let broken = model
        let failure = try await pool.run { () -> SolverError? in
            do throws(SolverError) {
                _ = try GLPKSolver()._solveUnvalidated(broken)
                return nil
            } catch {
                return error
            }
        }
        guard case .glpkFailure(let message) = failure else {
            Issue.record("expected a GLPK failure, got \(String(describing: failure))")
            return
        }
        #expect(message.contains("out of range"))
        // Same (only) pool thread: its GLPK environment was freed and is rebuilt.
        let again = try await pool.run { () throws(SolverError) -> LinearSolution in
            try GLPKSolver().solve(Self.knapsack())
        }
        #expect(again.objective == -23)
    }

    @Test("an offered start is accepted as the incumbent")
    func startIsOffered() throws {
        let solution = try GLPKSolver().solve(Self.knapsack(), start: [1, 1, 0, 0])
        #expect(solution.status == .optimal)
        #expect(solution.objective == -23)
        #expect(solution.startAccepted)
        #expect(throws: SolverError.self) { try GLPKSolver().solve(Self.knapsack(), start: [1]) }
    }

    /// The presolver removes the fixed column x0, so its search tree holds x1..x4 only.
    /// Offered there, the start (1, 0, 1, 1, 0) (x2 + x3: value 7) read one column off is
    /// x1 = x3 = x4 = 1: value 10, better than the true optimum 9 (x1 + x2) but over the
    /// knapsack's capacity. GLPK checks no rows of a heuristic solution and used to
    /// return it as optimal.
    @Test("a start is never read against the presolved model's columns")
    func startSurvivesPresolve() throws {
        var model = LinearModel(columns: 5, lower: 0, upper: 1)
        model.integerColumns = [0, 1, 2, 3, 4]
        model.columnLower[0] = 1
        model.objective = [0, -5, -4, -3, -2]
        model.addRow([(1, 2), (2, 3), (3, 4), (4, 5)], lower: -.infinity, upper: 7)
        let solution = try GLPKSolver().solve(model, start: [1, 0, 1, 1, 0])
        #expect(solution.status == .optimal)
        #expect(solution.objective == -9)
        #expect(model.violation(of: solution.values) == nil)
        // An infeasible start is not offered at all, and the answer stands.
        let other = try GLPKSolver().solve(model, start: [1, 1, 1, 1, 0])
        #expect(other.objective == -9 && !other.startAccepted)
    }

    @Test("a solution is checked against every bound, integrality and row")
    func violations() {
        var model = LinearModel(columns: 2, lower: 0, upper: 1)
        model.integerColumns = [0]
        model.addRow([(0, 1), (1, 1)], lower: 1, upper: 1)
        #expect(model.violation(of: [1, 0]) == nil)
        #expect(model.violation(of: [0.5, 0.5])?.contains("fractional") == true)
        #expect(model.violation(of: [1, 1])?.contains("row 0") == true)
        #expect(model.violation(of: [1, 2])?.contains("outside") == true)
        #expect(model.violation(of: [1]) != nil)
    }

    @Test("continuous programs are solved by simplex")
    func linearProgram() throws {
        var model = LinearModel(columns: 2)
        model.objective = [-1, -1]
        model.addRow([(0, 1), (1, 2)], lower: -.infinity, upper: 4)
        model.addRow([(0, 3), (1, 1)], lower: -.infinity, upper: 6)
        let solution = try GLPKSolver().solve(model)
        #expect(solution.status == .optimal)
        #expect(abs((solution.objective ?? 0) + 2.8) < 1e-9)
    }
}

/// The tests' own tiny generator, so they do not lean on the library under test.
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
