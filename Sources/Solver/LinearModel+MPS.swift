import Foundation

extension LinearModel {
    /// The model in free MPS, the format every MIP solver reads (HiGHS, SCIP, CBC,
    /// Gurobi, GLPK's `glpsol --freemps`), so a user can check a bound or an optimum
    /// with another solver. Columns are `x0…`, rows `r0…`, the objective `obj`
    /// (minimised); a row with two different finite bounds is an `L` row with a range
    /// (so its lower bound reads back as upper − range, exact to rounding);
    /// integer columns on [0, 1] are `BV`, other integer columns are bracketed by
    /// `MARKER` lines (with an explicit `PL` when unbounded above). Numbers are written with 17 significant digits, so the text
    /// reads back to the same doubles. A nonzero objective constant is the objective
    /// row's RHS, negated (the convention HiGHS and CPLEX read).
    /// - Complexity: O(columns + rows + entries).
    public func mps(name: String = "altoplace") -> String {
        func number(_ v: Double) -> String { String(format: "%.17g", v) }
        var out = "NAME \(name)\nROWS\n N obj\n"
        var kinds: [Character] = []
        for i in 0..<rowCount {
            let lo = rowLower[i], up = rowUpper[i]
            let kind: Character =
                lo == up ? "E" : up.isFinite ? "L" : lo.isFinite ? "G" : "N"
            kinds.append(kind)
            out += " \(kind == "N" ? "N" : String(kind)) r\(i)\n"
        }
        var byColumn = [[(row: Int, value: Double)]](repeating: [], count: columnCount)
        for e in entries { byColumn[e.column].append((e.row, e.value)) }
        out += "COLUMNS\n"
        var inIntegerBlock = false
        for j in 0..<columnCount {
            let integer = integerColumns.contains(j)
            let binary = integer && columnLower[j] == 0 && columnUpper[j] == 1
            // Integer columns outside [0, 1] need markers; binaries get BV bounds.
            let marked = integer && !binary
            if marked != inIntegerBlock {
                out += inIntegerBlock ? " MARKER 'MARKER' 'INTEND'\n" : " MARKER 'MARKER' 'INTORG'\n"
                inIntegerBlock = marked
            }
            out += " x\(j) obj \(number(objective[j]))\n"
            for (row, value) in byColumn[j].sorted(by: { $0.row < $1.row }) {
                out += " x\(j) r\(row) \(number(value))\n"
            }
        }
        if inIntegerBlock { out += " MARKER 'MARKER' 'INTEND'\n" }
        out += "RHS\n"
        if objectiveConstant != 0 { out += " rhs obj \(number(-objectiveConstant))\n" }
        for i in 0..<rowCount {
            switch kinds[i] {
            case "E", "G": out += " rhs r\(i) \(number(rowLower[i]))\n"
            case "L": out += " rhs r\(i) \(number(rowUpper[i]))\n"
            default: break
            }
        }
        out += "RANGES\n"
        for i in 0..<rowCount where kinds[i] == "L" && rowLower[i].isFinite {
            out += " rng r\(i) \(number(rowUpper[i] - rowLower[i]))\n"
        }
        out += "BOUNDS\n"
        for j in 0..<columnCount {
            let lo = columnLower[j], up = columnUpper[j]
            if integerColumns.contains(j) && lo == 0 && up == 1 {
                out += " BV bnd x\(j)\n"
                continue
            }
            if lo == -.infinity && up == .infinity {
                out += " FR bnd x\(j)\n"
                continue
            }
            if lo == up {
                out += " FX bnd x\(j) \(number(lo))\n"
                continue
            }
            if lo == -.infinity { out += " MI bnd x\(j)\n" } else if lo != 0 { out += " LO bnd x\(j) \(number(lo))\n" }
            if up.isFinite {
                out += " UP bnd x\(j) \(number(up))\n"
            } else if integerColumns.contains(j) {
                // Some readers give a marked integer column without bounds an upper bound of 1.
                out += " PL bnd x\(j)\n"
            }
        }
        out += "ENDATA\n"
        return out
    }
}
