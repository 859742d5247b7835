import ArgumentParser
import Foundation
import Matrix
import Service
import Solver
import Topology

/// `altoplace whatif`: a what-if study offline, from a file.
struct WhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Solve a base placement and named what-if scenarios in parallel, and compare them.",
        discussion: """
            FILE is JSON: {"base": <placement request, as for solve>, "scenarios": [{"name", \
            "changes": [...]}], "options"?: <solve options for every scenario>}. A change is one of \
            {"clusterDown": id}, {"linkDown": {"source", "target"}} (node ids; needs a topologyFile \
            network), {"trafficScale": {"factor", "functions"?}}, {"capacity": {"cluster", "cpu"?, \
            "ram"?, "power"?}}, {"addFunctions": [...]}, {"removeFunctions": [ids]}. The output \
            gives, for the base and each scenario, the status, objective and its terms, the change \
            in total, and which functions move. A progress bar goes to standard error when it is a \
            terminal. The same study runs on the server as POST /whatif.
            """
    )

    @Argument(help: ArgumentHelp("The study file.", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    @Option(help: ArgumentHelp("Solver threads (default: the processor count).", valueName: "n"))
    var threads: Int?

    struct StudyFile: Decodable {
        var base: PlacementRequest
        var scenarios: [WhatIfScenario]
        var options: SolveOptions?
    }

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file") }
        var parsed: StudyFile
        do {
            parsed = try RequestDecoding.decode(StudyFile.self, from: data)
        } catch {
            throw CLIError("\(file): \(error)")
        }
        if let options = parsed.options { parsed.base.options = options }
        var topology: Topology? = nil
        var pidNames: [String] = []
        let latency: LatencyTable?
        do {
            if let path = parsed.base.network?.topologyFile {
                let loaded = try Topology.load(contentsOf: path)
                topology = loaded
                pidNames = loaded.nodes.map(\.id)
            }
            latency = try LatencyTable.load(parsed.base.network)
        } catch {
            throw CLIError("\(file): network: \(error)")
        }
        let study = WhatIfStudy(
            base: parsed.base, scenarios: parsed.scenarios, latency: latency, topology: topology, pidNames: pidNames)
        let problems = study.problems()
        guard problems.isEmpty else { throw CLIError("\(file):\n- " + problems.joined(separator: "\n- ")) }
        let pool = SolverThreadPool(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        defer { pool.shutdown() }
        let bar = isatty(STDERR_FILENO) == 1
        let started = ContinuousClock.now
        let (base, outcomes): (PlacementResult, [WhatIfStudy.Outcome])
        do {
            (base, outcomes) = try await study.run(pool: pool) { done, total, name in
                guard bar else { return }
                let width = 30
                let filled = width * done / max(total, 1)
                let line =
                    "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    + "] \(done)/\(total) \(name.prefix(40))\u{1B}[K"
                FileHandle.standardError.write(Data(line.utf8))
            }
        } catch {
            throw CLIError("\(file): \(error)")
        }
        if bar { FileHandle.standardError.write(Data("\n".utf8)) }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let text = WhatIfReport(base: base, outcomes: outcomes, seconds: seconds).json
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
