import Foundation
import Testing

/// Runs the built `altoplace` binary (it sits beside the test bundle).
enum CLI {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("altoplace")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}

@Suite("altoplace costmap")
struct CostMapCommandTests {
    @Test("the binary is built beside the tests (run `swift build` first)")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "missing \(CLI.binary.path)")
    }

    @Test("a triangle topology prints its exact RFC 7285 cost map")
    func triangle() throws {
        let result = try CLI.run(["costmap", "Data/topologies/triangle.json"])
        #expect(result.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let map = try #require(json["cost-map"] as? [String: [String: Double]])
        #expect(map.count == 3)
        for (source, row) in map {
            #expect(row[source] == 0)
            #expect(row.count == 3)
        }
        let meta = try #require(json["meta"] as? [String: Any])
        #expect((meta["cost-type"] as? [String: String])?["cost-metric"] == "routingcost")
    }

    @Test("CSV hop counts of every bundled topology are whole numbers")
    func csvHopCounts() throws {
        for file in ["metro-edge.json", "us-backbone.json", "europe-backbone.gml"] {
            let result = try CLI.run(["costmap", "Data/topologies/\(file)", "--metric", "hopcount", "--format", "csv"])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").dropFirst()
            #expect(!lines.isEmpty)
            for line in lines {
                let cost = try #require(line.split(separator: ",").last.flatMap { Int($0) }, "\(file): \(line)")
                #expect(cost >= 0)
            }
        }
    }

    @Test("a missing file fails with exit code 1 and names the file")
    func missingFile() throws {
        let result = try CLI.run(["costmap", "no/such/file.json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no/such/file.json"))
    }

    @Test("an unknown metric is a usage error listing the choices")
    func badMetric() throws {
        let result = try CLI.run(["costmap", "Data/topologies/triangle.json", "--metric", "latency"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("routingcost"))
    }

    @Test("the help text is pinned word for word")
    func help() throws {
        let result = try CLI.run(["costmap", "--help"])
        let expected = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Tests/CLITests/costmap-help.txt"), encoding: .utf8)
        #expect(result.stdout == expected)
    }
}
