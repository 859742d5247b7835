internal import CGLPKGuard

/// Solves ``LinearModel``s with GLPK, behind a guard that turns GLPK's fatal errors
/// (which would abort the process) into ``SolverError/glpkFailure(message:)``.
///
/// GLPK keeps one environment per OS thread, so a call creates, solves and deletes
/// its problem synchronously on the calling thread. Call it from a dedicated thread
/// (``SolverThreadPool``), never from the cooperative pool or an event loop.
public struct GLPKSolver: Sendable {
    /// Wall-clock limit in seconds; nil for none.
    public var timeLimit: Double?
    /// Relative gap (|incumbent − bound| / |incumbent|) at which branch-and-cut stops.
    public var relativeGap: Double

    public init(timeLimit: Double? = nil, relativeGap: Double = 1e-6) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
    }

    /// GLPK's version, e.g. "5.0".
    public static var version: String { String(cString: apg_version()) }

    /// Validates and solves `model`, offering `start` (one value per column) as an
    /// incumbent to branch-and-cut when given.
    /// - Throws: ``SolverError/invalidModel(problems:)`` before GLPK runs, or
    ///   ``SolverError/glpkFailure(message:)`` when GLPK fails.
    public func solve(_ model: LinearModel, start: [Double]? = nil) throws(SolverError) -> LinearSolution {
        let problems = model.validate()
        guard problems.isEmpty else { throw .invalidModel(problems: problems) }
        if let start {
            guard start.count == model.columnCount else {
                throw .invalidStart("\(start.count) values for \(model.columnCount) columns")
            }
            guard start.allSatisfy(\.isFinite) else { throw .invalidStart("non-finite value") }
        }
        return try _solveUnvalidated(model, start: start)
    }

    /// Solves without validation. Not API: it exists so tests can hand GLPK a
    /// malformed model and check that the guard holds.
    public func _solveUnvalidated(_ model: LinearModel, start: [Double]? = nil) throws(SolverError) -> LinearSolution {
        let n = model.columnCount
        let ia = model.entries.map { Int32(truncatingIfNeeded: $0.row) }
        let ja = model.entries.map { Int32(truncatingIfNeeded: $0.column) }
        let ar = model.entries.map(\.value)
        let integer = (0..<n).map { model.integerColumns.contains($0) ? Int32(1) : 0 }
        var x = [Double](repeating: .nan, count: n)
        var duals = [Double](repeating: .nan, count: model.integerColumns.isEmpty ? model.rowCount : 0)
        var result = apg_result()
        let ok = model.objective.withUnsafeBufferPointer { obj in
            model.columnLower.withUnsafeBufferPointer { cl in
                model.columnUpper.withUnsafeBufferPointer { cu in
                    model.rowLower.withUnsafeBufferPointer { rl in
                        model.rowUpper.withUnsafeBufferPointer { ru in
                            integer.withUnsafeBufferPointer { int in
                                ia.withUnsafeBufferPointer { ia in
                                    ja.withUnsafeBufferPointer { ja in
                                        ar.withUnsafeBufferPointer { ar in
                                            x.withUnsafeMutableBufferPointer { x in
                                                duals.withUnsafeMutableBufferPointer { duals in
                                                    Self.withOptionalPointer(start) { startPointer in
                                                        var m = apg_model(
                                                            rows: Int32(model.rowCount), cols: Int32(n),
                                                            obj: obj.baseAddress, obj_constant: model.objectiveConstant,
                                                            col_lb: cl.baseAddress, col_ub: cu.baseAddress,
                                                            col_integer: int.baseAddress,
                                                            row_lb: rl.baseAddress, row_ub: ru.baseAddress,
                                                            nnz: Int32(ia.count), ia: ia.baseAddress,
                                                            ja: ja.baseAddress,
                                                            ar: ar.baseAddress)
                                                        var o = apg_options(
                                                            time_limit_seconds: timeLimit ?? 0, mip_gap: relativeGap,
                                                            start: startPointer)
                                                        result.x = x.baseAddress
                                                        result.row_dual = duals.isEmpty ? nil : duals.baseAddress
                                                        return apg_solve(&m, &o, &result) != 0
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let message = withUnsafeBytes(of: result.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard ok else { throw .glpkFailure(message: message.trimmingSpaces()) }
        var solution = Self.solution(result, values: x)
        if solution.status == .optimal, !duals.isEmpty, duals.allSatisfy(\.isFinite) { solution.rowDuals = duals }
        // Never pass on a solution that breaks the model, whatever GLPK reported.
        if !solution.values.isEmpty, let broken = model.violation(of: solution.values) {
            throw .glpkFailure(message: "GLPK reported a solution that breaks the model: \(broken)")
        }
        return solution
    }

    private static func withOptionalPointer<R>(_ values: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
        guard let values else { return body(nil) }
        return values.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    private static func solution(_ r: apg_result, values: [Double]) -> LinearSolution {
        // GLPK 5.0 status codes (glpk.h): 1 UNDEF, 2 FEAS, 3 INFEAS, 4 NOFEAS, 5 OPT, 6 UNBND.
        // glp_intopt/glp_simplex return 0x09 (GLP_ETMLIM) on the time limit.
        // With the presolver, an infeasible or unbounded relaxation ends the call early
        // with 0x0A (GLP_ENOPFS) or 0x0B (GLP_ENODFS).
        let hitTimeLimit = r.return_code == 0x09
        let status: ModelStatus
        switch r.status {
        case _ where r.return_code == 0x0A: status = .infeasible
        case _ where r.return_code == 0x0B: status = .unbounded
        case 5: status = .optimal
        // glp_intopt returns GLP_EMIPGAP (0x0E) when the relative gap tolerance ended the
        // search: the incumbent is within the requested gap of the best bound, which is
        // what ``ModelStatus/optimal`` means for integer models (the bound stays the
        // tree's, not the objective).
        case 2 where r.return_code == 0x0E: status = .optimal
        case 2: status = .feasible
        case 3, 4: status = hitTimeLimit ? .timeLimit : .infeasible
        case 6: status = .unbounded
        default: status = hitTimeLimit ? .timeLimit : .undefined
        }
        let hasSolution = status == .optimal || status == .feasible
        return LinearSolution(
            status: status,
            objective: hasSolution ? r.objective : nil,
            bestBound: r.best_bound.isNaN ? nil : r.best_bound,
            rootRelaxation: r.lp_bound.isNaN ? nil : r.lp_bound,
            values: hasSolution ? values : [],
            nodes: Int(r.nodes),
            startAccepted: r.start_accepted != 0)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        return String(s)
    }
}
