/// A linear or mixed-integer program in a form GLPK takes directly:
/// minimise `objective · x + objectiveConstant` subject to
/// `rowLower ≤ A x ≤ rowUpper` and `columnLower ≤ x ≤ columnUpper`, with the
/// columns in `integerColumns` integral.
///
/// Infinite bounds are `±infinity`. `A` is a list of (row, column, value)
/// triplets, 0-based, at most one per position. ``validate()`` checks everything
/// GLPK would abort on or silently mis-solve (NaN, infinite coefficients, indices
/// out of range, duplicate positions, crossed bounds) before GLPK sees the model.
public struct LinearModel: Sendable, Hashable {
    /// One nonzero of the constraint matrix.
    public struct Entry: Sendable, Hashable {
        public var row: Int
        public var column: Int
        public var value: Double
        public init(row: Int, column: Int, value: Double) {
            self.row = row
            self.column = column
            self.value = value
        }
    }

    public var objective: [Double]
    public var objectiveConstant: Double = 0
    public var columnLower: [Double]
    public var columnUpper: [Double]
    public var integerColumns: Set<Int> = []
    public var rowLower: [Double] = []
    public var rowUpper: [Double] = []
    public var entries: [Entry] = []

    /// A model with `columns` variables bounded to `[lower, upper]` and no rows.
    public init(columns: Int, lower: Double = 0, upper: Double = .infinity) {
        objective = [Double](repeating: 0, count: columns)
        columnLower = [Double](repeating: lower, count: columns)
        columnUpper = [Double](repeating: upper, count: columns)
    }

    public var columnCount: Int { objective.count }
    public var rowCount: Int { rowLower.count }

    /// Adds a row `lower ≤ Σ coefficient · x[column] ≤ upper`; returns its index.
    @discardableResult
    public mutating func addRow(_ terms: [(column: Int, coefficient: Double)], lower: Double, upper: Double) -> Int {
        let row = rowLower.count
        rowLower.append(lower)
        rowUpper.append(upper)
        for term in terms { entries.append(Entry(row: row, column: term.column, value: term.coefficient)) }
        return row
    }

    /// Every reason GLPK must not see this model, one sentence each (at most 20).
    /// - Complexity: O(columns + rows + entries).
    public func validate() -> [String] {
        var problems: [String] = []
        func note(_ text: String) { if problems.count < 20 { problems.append(text) } }
        let n = columnCount, m = rowCount
        if columnLower.count != n || columnUpper.count != n {
            note("column bounds have \(columnLower.count) and \(columnUpper.count) entries for \(n) columns")
            return problems
        }
        if rowUpper.count != m { note("row bounds have \(m) lower and \(rowUpper.count) upper entries") }
        if !objectiveConstant.isFinite { note("objective constant is \(objectiveConstant)") }
        for j in 0..<n {
            if !objective[j].isFinite { note("objective coefficient of column \(j) is \(objective[j])") }
            if columnLower[j].isNaN || columnUpper[j].isNaN || columnLower[j] > columnUpper[j]
                || columnLower[j] == .infinity || columnUpper[j] == -.infinity
            {
                note("column \(j) has bounds [\(columnLower[j]), \(columnUpper[j])]")
            }
        }
        for j in integerColumns where j < 0 || j >= n { note("integer column \(j) is out of range 0..<\(n)") }
        for i in 0..<min(m, rowUpper.count)
        where rowLower[i].isNaN || rowUpper[i].isNaN || rowLower[i] > rowUpper[i] || rowLower[i] == .infinity
            || rowUpper[i] == -.infinity
        {
            note("row \(i) has bounds [\(rowLower[i]), \(rowUpper[i])]")
        }
        var seen = Set<Int>()
        for (k, e) in entries.enumerated() {
            if e.row < 0 || e.row >= m || e.column < 0 || e.column >= n {
                note("entry \(k) at (\(e.row), \(e.column)) is outside the \(m) x \(n) matrix")
            } else if !e.value.isFinite {
                note("entry \(k) at (\(e.row), \(e.column)) is \(e.value)")
            } else if !seen.insert(e.row * n + e.column).inserted {
                note("entry \(k) repeats position (\(e.row), \(e.column))")
            }
        }
        return problems
    }

    /// The first way `values` breaks this model (a bound, integrality or a row,
    /// beyond a relative tolerance of 1e-6), or nil when it is a solution.
    /// - Complexity: O(columns + rows + entries).
    public func violation(of values: [Double]) -> String? {
        guard values.count == columnCount else { return "\(values.count) values for \(columnCount) columns" }
        func tolerance(_ x: Double) -> Double { 1e-6 * max(1, abs(x)) }
        for j in 0..<columnCount {
            let v = values[j]
            guard v.isFinite else { return "column \(j) is \(v)" }
            if v < columnLower[j] - tolerance(columnLower[j]) || v > columnUpper[j] + tolerance(columnUpper[j]) {
                return "column \(j) = \(v) is outside [\(columnLower[j]), \(columnUpper[j])]"
            }
            if integerColumns.contains(j), abs(v - v.rounded()) > 1e-6 {
                return "integer column \(j) = \(v) is fractional"
            }
        }
        var activity = [Double](repeating: 0, count: rowCount)
        for e in entries { activity[e.row] += e.value * values[e.column] }
        for i in 0..<rowCount
        where activity[i] < rowLower[i] - tolerance(rowLower[i]) || activity[i] > rowUpper[i] + tolerance(rowUpper[i]) {
            return "row \(i) = \(activity[i]) is outside [\(rowLower[i]), \(rowUpper[i])]"
        }
        return nil
    }
}
