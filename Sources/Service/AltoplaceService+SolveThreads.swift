import Solver

extension AltoplaceService {
    /// Models from this many unit–cluster cells up solve on several threads; below it the
    /// parallel passes cost more than they save, and a small solve holding one thread
    /// leaves the others to concurrent requests.
    public static let parallelCells = 50_000

    /// The threads a solve of `cells` function–cluster pairs asks the pool for: `limit`
    /// for large models, 1 for the rest.
    static func solveThreads(cells: Int, limit: Int) -> Int {
        cells >= parallelCells ? max(1, limit) : 1
    }

    /// Most threads one solve may hold.
    var threadsPerSolve: Int { options.threadsPerSolve ?? options.solverThreads }
}
