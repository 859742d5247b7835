import Foundation
import Solver
import Testing

/// Reads free MPS as ``LinearModel/mps(name:)`` writes it (and as the format defines
/// it), independently of the writer: rows by kind, MARKER blocks, RHS, RANGES by the
/// sign rules for L/G/E rows, and BV/UP/LO/FX/FR/MI/LI/UI bounds with MPS defaults.
enum MPSReader {
    static func read(_ text: String) -> LinearModel? {
        var rowIndex: [String: Int] = [:]
        var rowKind: [Character] = []
        var objectiveRow = ""
        var columnIndex: [String: Int] = [:]
        var objective: [Double] = [], lower: [Double] = [], upper: [Double] = []
        var integer = Set<Int>()
        var entries: [LinearModel.Entry] = []
        var rhs: [Int: Double] = [:], range: [Int: Double] = [:]
        var constant = 0.0
        var section = "", markerInteger = false
        var binary = Set<Int>()
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            if !line.hasPrefix(" ") {
                section = f[0]
                continue
            }
            switch section {
            case "ROWS":
                let kind = Character(f[0])
                if kind == "N" && objectiveRow.isEmpty {
                    objectiveRow = f[1]
                } else {
                    rowIndex[f[1]] = rowKind.count
                    rowKind.append(kind)
                }
            case "COLUMNS":
                if f.count >= 3 && f[1] == "'MARKER'" {
                    markerInteger = f[2] == "'INTORG'"
                    continue
                }
                let j: Int
                if let known = columnIndex[f[0]] {
                    j = known
                } else {
                    j = objective.count
                    columnIndex[f[0]] = j
                    objective.append(0)
                    lower.append(0)
                    upper.append(.infinity)
                    if markerInteger { integer.insert(j) }
                }
                var k = 1
                while k + 1 < f.count {
                    guard let value = Double(f[k + 1]) else { return nil }
                    if f[k] == objectiveRow {
                        objective[j] = value
                    } else if let i = rowIndex[f[k]] {
                        entries.append(.init(row: i, column: j, value: value))
                    } else {
                        return nil
                    }
                    k += 2
                }
            case "RHS":
                guard let value = Double(f[2]) else { return nil }
                if f[1] == objectiveRow { constant = -value } else if let i = rowIndex[f[1]] { rhs[i] = value }
            case "RANGES":
                guard let value = Double(f[2]), let i = rowIndex[f[1]] else { return nil }
                range[i] = value
            case "BOUNDS":
                guard let j = columnIndex[f[2]] else { return nil }
                let value = f.count > 3 ? Double(f[3]) : nil
                switch f[0] {
                case "BV":
                    lower[j] = 0
                    upper[j] = 1
                    integer.insert(j)
                    binary.insert(j)
                case "UP": upper[j] = value!
                case "LO": lower[j] = value!
                case "FX":
                    lower[j] = value!
                    upper[j] = value!
                case "FR":
                    lower[j] = -.infinity
                    upper[j] = .infinity
                case "MI": lower[j] = -.infinity
                case "PL": upper[j] = .infinity
                case "LI":
                    lower[j] = value!
                    integer.insert(j)
                case "UI":
                    upper[j] = value!
                    integer.insert(j)
                default: return nil
                }
            default:
                continue
            }
        }
        var model = LinearModel(columns: objective.count)
        model.objective = objective
        model.objectiveConstant = constant
        model.columnLower = lower
        model.columnUpper = upper
        model.integerColumns = integer
        for (i, kind) in rowKind.enumerated() {
            let b = rhs[i] ?? 0
            var lo = -Double.infinity, up = Double.infinity
            switch kind {
            case "E":
                lo = b
                up = b
                if let r = range[i] { if r >= 0 { up = b + r } else { lo = b + r } }
            case "L":
                up = b
                if let r = range[i] { lo = b - abs(r) }
            case "G":
                lo = b
                if let r = range[i] { up = b + abs(r) }
            default: break
            }
            model.rowLower.append(lo)
            model.rowUpper.append(up)
        }
        model.entries = entries
        return model
    }
}

@Suite("Exact model export (free MPS)")
struct MPSExportTests {
    static func randomModel(seed: UInt64) -> LinearModel {
        var rng = SplitMixForTests(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func value() -> Double { Double(Int(rng.next() % 2001) - 1000) / 7 }
        let n = 6 + pick(10)
        var model = LinearModel(columns: n, lower: 0, upper: 1)
        model.objective = (0..<n).map { _ in value() }
        model.objectiveConstant = pick(2) == 0 ? 0 : value()
        for j in 0..<n {
            switch pick(7) {
            case 0: model.integerColumns.insert(j)  // binary
            case 1:
                model.integerColumns.insert(j)
                model.columnUpper[j] = Double(2 + pick(5))
            case 2:
                model.columnLower[j] = -.infinity
                model.columnUpper[j] = .infinity
            case 3:
                model.columnLower[j] = value()
                model.columnUpper[j] = model.columnLower[j]
            case 4:
                model.columnLower[j] = -.infinity
                model.columnUpper[j] = value()
            case 5:
                model.columnLower[j] = -abs(value())
                model.columnUpper[j] = .infinity
            default: break
            }
        }
        for _ in 0..<(3 + pick(8)) {
            var columns = Set<Int>()
            for _ in 0..<(1 + pick(n)) { columns.insert(pick(n)) }
            let terms = columns.sorted().map { ($0, value()) }
            let b = value()
            switch pick(4) {
            case 0: model.addRow(terms, lower: b, upper: b)
            case 1: model.addRow(terms, lower: -.infinity, upper: b)
            case 2: model.addRow(terms, lower: b, upper: .infinity)
            default: model.addRow(terms, lower: b, upper: b + abs(value()) + 1)
            }
        }
        return model
    }

    @Test(
        "a written model reads back to the same doubles (a ranged row's second bound to rounding): rows, bounds, integers and the constant",
        arguments: 0..<40)
    func roundTrip(seed: Int) throws {
        let model = Self.randomModel(seed: UInt64(seed))
        #expect(model.validate().isEmpty)
        let read = try #require(MPSReader.read(model.mps()))
        #expect(read.objective == model.objective)
        #expect(read.objectiveConstant == model.objectiveConstant)
        #expect(read.columnLower == model.columnLower)
        #expect(read.columnUpper == model.columnUpper)
        #expect(read.integerColumns == model.integerColumns)
        // A ranged row's second bound is rhs ± range in MPS, so it reads back to rounding.
        #expect(read.rowCount == model.rowCount)
        for i in 0..<min(read.rowCount, model.rowCount) {
            let ranged =
                model.rowLower[i].isFinite && model.rowUpper[i].isFinite
                && model.rowLower[i] != model.rowUpper[i]
            if ranged {
                #expect(read.rowUpper[i] == model.rowUpper[i], "row \(i)")
                #expect(abs(read.rowLower[i] - model.rowLower[i]) <= 1e-12 * max(1, abs(model.rowLower[i])), "row \(i)")
            } else {
                #expect(read.rowLower[i] == model.rowLower[i], "row \(i)")
                #expect(read.rowUpper[i] == model.rowUpper[i], "row \(i)")
            }
        }
        #expect(Set(read.entries) == Set(model.entries))
    }

    @Test("the exported placement model has the same optimum as the placement, by brute force")
    func placementModel() throws {
        let request = InstanceGenerator.generalisedAssignment(type: .d, functions: 7, clusters: 3, seed: 77)
        let problem = try PlacementProblem(request, latency: nil)
        let read = try #require(MPSReader.read(PlacementSolver.exactModel(problem).mps()))
        let optimum = try #require(try Instances.bruteForce(request))
        let solution = try GLPKSolver().solve(read)
        #expect(solution.status == .optimal)
        #expect(solution.objective == optimum)
    }
}
